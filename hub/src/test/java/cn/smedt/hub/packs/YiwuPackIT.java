package cn.smedt.hub.packs;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Connector contract test of the 义乌市 pack (routes/zhejiang/jinhua/yiwu), from its fixture fixtures/contract.yaml. */
class YiwuPackIT extends CountyPackContractTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        register(registry, "zhejiang/jinhua/yiwu");
    }

    @Override
    protected String pack() {
        return "zhejiang/jinhua/yiwu";
    }
}
