package cn.smedt.hub.enterprises;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.packs.PackDefinitionException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** mapping.yaml: JSONPath records and fields, constants, defaults, transforms and tables that refuse the unknown. */
class PackMappingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String DONGYANG = """
            records: $.data.rows
            fields:
              uscc: { path: $.base.tyshxydm, transform: [trim, upper] }
              name: base.qymc
              regionCode: { constant: "330783" }
              industryCode: { path: hymc, table: industry }
              scale: { path: gm, transform: [scale] }
              pilot: { path: sfsd, transform: [yes-no], default: false }
              pilotBatch: { path: rkrq, transform: ["date:yyyy/MM/dd>yyyy-M"] }
            tables:
              industry: { 红木家具: ZJ-29, 磁性材料: ZJ-35 }
            """;

    private static PackMapping mapping(String yaml) {
        return PackMapping.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "mapping.yaml");
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void mapsNestedPathsConstantsDefaultsAndTransforms() throws Exception {
        PackMapping mapping = mapping(DONGYANG);
        List<JsonNode> records = mapping.records(json("""
                {"code":0,"data":{"total":1,"rows":[{"base":{"tyshxydm":" 91330783ma2e00001x ","qymc":"东阳某红木"},
                 "hymc":"红木家具","gm":"规上","rkrq":"2024/03/15"}]}}"""));
        assertThat(records).hasSize(1);
        JsonNode canonical = mapping.canonical(records.get(0));
        assertThat(canonical).isEqualTo(json("""
                {"uscc":"91330783MA2E00001X","name":"东阳某红木","regionCode":"330783","industryCode":"ZJ-29",
                 "scale":"ABOVE_DESIGNATED_SIZE","pilot":false,"pilotBatch":"2024-3"}"""));
        assertThat(mapping.uscc(records.get(0))).isEqualTo("91330783ma2e00001x");
    }

    @Test
    void yesNoAndScaleTakeChineseValues() throws Exception {
        JsonNode canonical = mapping(DONGYANG).canonical(json("""
                {"base":{"tyshxydm":"X"},"hymc":"磁性材料","gm":"规下","sfsd":"是"}"""));
        assertThat(canonical.path("scale").asText()).isEqualTo("BELOW_DESIGNATED_SIZE");
        assertThat(canonical.path("pilot").asBoolean()).isTrue();
        assertThat(canonical.has("pilotBatch")).isFalse();
    }

    @Test
    void aValueNotInItsTableIsRefusedNeverPassedThrough() throws Exception {
        assertThatThrownBy(() -> mapping(DONGYANG).canonical(json("""
                {"base":{"tyshxydm":"X"},"hymc":"纺织","gm":"规上"}""")))
                .isInstanceOfSatisfying(PackMapping.RecordRefusedException.class, e -> {
                    assertThat(e.refusal().code()).isEqualTo(ProblemCode.MAPPING_VALUE_UNKNOWN);
                    assertThat(e.refusal().field()).isEqualTo("/industryCode");
                    assertThat(e.refusal().value()).isEqualTo("纺织");
                    assertThat(e.refusal().detail()).contains("tables.industry");
                });
    }

    @Test
    void aValueATransformCannotTakeIsRefused() throws Exception {
        assertThatThrownBy(() -> mapping(DONGYANG).canonical(json("""
                {"base":{"tyshxydm":"X"},"hymc":"红木家具","gm":"中型"}""")))
                .isInstanceOfSatisfying(PackMapping.RecordRefusedException.class, e -> {
                    assertThat(e.refusal().code()).isEqualTo(ProblemCode.MAPPING_VALUE_INVALID);
                    assertThat(e.refusal().field()).isEqualTo("/scale");
                    assertThat(e.refusal().value()).isEqualTo("中型");
                });
    }

    @Test
    void theOlderFormStillReadsAndItsCodeTablesRefuseTheUnknown() throws Exception {
        PackMapping mapping = mapping("""
                records: list
                fields: { uscc: creditCode, industryCode: industry }
                codes:
                  industryCode: { "XPSC": YW-SMALL-COMMODITIES }
                """);
        assertThat(mapping.canonical(json("{\"creditCode\":\"A\",\"industry\":\"XPSC\"}")).path("industryCode")
                .asText()).isEqualTo("YW-SMALL-COMMODITIES");
        assertThatThrownBy(() -> mapping.canonical(json("{\"creditCode\":\"A\",\"industry\":\"ZZZ\"}")))
                .isInstanceOf(PackMapping.RecordRefusedException.class);
        assertThat(mapping.records(json("{\"list\":{}}"))).isEmpty();
    }

    @Test
    void aBrokenMappingNamesTheFieldAndLine() {
        assertThatThrownBy(() -> mapping("""
                records: data
                fields:
                  uscc: { path: a, transform: [titlecase] }
                """)).isInstanceOf(PackDefinitionException.class)
                .hasMessageContaining("fields.uscc.transform[0]").hasMessageContaining("unknown transform")
                .hasMessageContaining("line 3");
        assertThatThrownBy(() -> mapping("""
                fields:
                  industryCode: { path: a, table: nope }
                """)).isInstanceOf(PackDefinitionException.class).hasMessageContaining("no table 'nope'");
        assertThatThrownBy(() -> mapping("fields: { uscc: { path: a, constant: b } }"))
                .isInstanceOf(PackDefinitionException.class).hasMessageContaining("either path or constant");
    }
}
