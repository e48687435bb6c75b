package cn.smedt.hub.enterprises;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.PartnerRequests;
import cn.smedt.hub.packs.PackFilesChanged;
import cn.smedt.hub.packs.PackProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;

/**
 * The intake keeps a pack's mapping.yaml and pack.yaml as read when first used and reads them again when the pack
 * directory's watcher reports them changed; a refused file leaves the last good version.
 */
class PackIntakeTest {

    static final String PACK = "test/county";
    static final String ANSWER = """
            {"data":[{"creditCode":"91410000170001401D","entName":"试点企业","mc":"另一名称"}]}""";

    @TempDir
    Path packs;

    final PartnerRequests requests = mock(PartnerRequests.class);
    final EnterpriseRegistry enterprises = mock(EnterpriseRegistry.class);

    PackIntake intake() {
        return new PackIntake(requests, enterprises, new PackProperties(packs.toString(), Duration.ofSeconds(5)),
                new ObjectMapper());
    }

    void write(String file, String text) throws Exception {
        Path path = packs.resolve(PACK).resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }

    PackFilesChanged changed(String file, PackFilesChanged.Type type) {
        return new PackFilesChanged(packs, List.of(new PackFilesChanged.Change(PACK, packs.resolve(PACK)
                .resolve(file), type)));
    }

    /** The canonical records the intake handed to the contract check, in order. */
    List<JsonNode> canonical(int imports) {
        ArgumentCaptor<JsonNode> records = ArgumentCaptor.forClass(JsonNode.class);
        verify(requests, org.mockito.Mockito.times(imports)).line(any(Partner.class), eq("POST"),
                eq("/api/v1/enterprises"), records.capture());
        return records.getAllValues();
    }

    @Test
    void mappingReadOnceThenAgainOnTheWatchersEventKeepingTheLastGoodOne() throws Exception {
        write("pack.yaml", "region: \"410181\"\nname: 巩义市\nparent: \"410100\"\n");
        write("mapping.yaml", "fields:\n  uscc: creditCode\n  name: entName\n");
        PackIntake intake = intake();

        Map<String, Object> first = intake.importEnterprises(ANSWER, PACK);
        write("mapping.yaml", "fields:\n  uscc: creditCode\n  name: mc\n");
        intake.importEnterprises(ANSWER, PACK);
        intake.onPackFilesChanged(changed("mapping.yaml", PackFilesChanged.Type.CHANGED));
        intake.importEnterprises(ANSWER, PACK);
        write("mapping.yaml", "fields:\n  uscc: creditCode\n  unknownKey: [\n");
        intake.onPackFilesChanged(changed("mapping.yaml", PackFilesChanged.Type.CHANGED));
        intake.importEnterprises(ANSWER, PACK);

        assertThat(first).containsEntry("imported", 1);
        assertThat(canonical(4)).extracting(record -> record.path("name").asText())
                .containsExactly("试点企业", "试点企业", "另一名称", "另一名称");
    }

    @Test
    void packRegionReadAgainOnTheWatchersEvent() throws Exception {
        write("pack.yaml", "region: \"410181\"\nname: 巩义市\nparent: \"410100\"\n");
        write("mapping.yaml", "fields:\n  uscc: creditCode\n");
        PackIntake intake = intake();
        intake.importEnterprises(ANSWER, PACK);
        write("pack.yaml", "region: \"410182\"\nname: 荥阳市\nparent: \"410100\"\n");
        intake.onPackFilesChanged(changed("pack.yaml", PackFilesChanged.Type.CHANGED));
        intake.importEnterprises(ANSWER, PACK);

        ArgumentCaptor<Partner> identities = ArgumentCaptor.forClass(Partner.class);
        verify(requests, org.mockito.Mockito.times(2)).line(identities.capture(), eq("POST"),
                eq("/api/v1/enterprises"), any());
        assertThat(identities.getAllValues()).extracting(Partner::regions)
                .containsExactly(java.util.Set.of("410181"), java.util.Set.of("410182"));
    }
}
