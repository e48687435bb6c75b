package cn.smedt.hub.packs;

import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;

/** Connector contract test of the 义乌市 pack (routes/zhejiang/jinhua/yiwu), from its fixture fixtures/contract.yaml. */
class YiwuPackIT extends CountyPackContractTest {

    @HubIT.Settings
    static void node(HubNode node) {
        register(node, "zhejiang/jinhua/yiwu");
    }

    @Override
    protected String pack() {
        return "zhejiang/jinhua/yiwu";
    }
}
