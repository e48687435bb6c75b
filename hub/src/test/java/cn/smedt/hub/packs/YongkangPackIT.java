package cn.smedt.hub.packs;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Connector contract test of the Yongkang pack (routes/zhejiang/jinhua/yongkang): the kit
 * ({@link CountyPackContractTest}) plays the county platform from the pack's recorded fixture and proves its REST
 * poll, webhook and file-drop routes. No Java is specific to the pack.
 */
class YongkangPackIT extends CountyPackContractTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        register(registry, "zhejiang/jinhua/yongkang");
    }

    @Override
    protected String pack() {
        return "zhejiang/jinhua/yongkang";
    }
}
