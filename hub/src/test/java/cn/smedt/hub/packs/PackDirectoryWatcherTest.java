package cn.smedt.hub.packs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watcher publishes one event per scan naming the packs and the files added, changed and removed. */
class PackDirectoryWatcherTest {

    @TempDir
    Path packs;

    private final List<Object> published = new ArrayList<>();

    @Test
    void publishesAddedChangedAndRemovedFilesWithTheirPack() throws IOException {
        Path route = write("zhejiang/jinhua/yiwu/routes/platform.yaml", "- route: {}");
        Path policy = write("henan/zhengzhou/policy.yaml", "id: a");
        PackDirectoryWatcher watcher = new PackDirectoryWatcher(new PackProperties(packs.toString(),
                Duration.ofSeconds(5)), published::add);

        watcher.scan();
        assertThat(published).as("nothing changed since the baseline").isEmpty();

        Path factory = write("zhejiang/jinhua/yiwu/factories/f.yaml", "endpointUrl: x");
        Files.writeString(policy, "id: b, longer");
        Files.setLastModifiedTime(policy, FileTime.from(Instant.now().plusSeconds(10)));
        Files.delete(route);
        write("zhejiang/jinhua/yiwu/target/classes/pack.yaml", "ignored: build folder");
        watcher.scan();

        assertThat(published).hasSize(1);
        PackFilesChanged event = (PackFilesChanged) published.get(0);
        assertThat(event.changes()).containsExactlyInAnyOrder(
                new PackFilesChanged.Change("zhejiang/jinhua/yiwu", factory, PackFilesChanged.Type.ADDED),
                new PackFilesChanged.Change("henan/zhengzhou", policy, PackFilesChanged.Type.CHANGED),
                new PackFilesChanged.Change("zhejiang/jinhua/yiwu", route, PackFilesChanged.Type.REMOVED));
        assertThat(event.packs()).containsExactly("henan/zhengzhou", "zhejiang/jinhua/yiwu");
        assertThat(event.concerns(PackFileKind.TARGETS)).isFalse();
        assertThat(event.concerns(PackFileKind.POLICY, PackFileKind.PACK)).isTrue();
        assertThat(event.of(PackFileKind.FACTORIES)).extracting(PackFilesChanged.Change::file).containsExactly(factory);

        watcher.scan();
        assertThat(published).as("no change, no event").hasSize(1);
    }

    private Path write(String name, String content) throws IOException {
        Path file = packs.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }
}
