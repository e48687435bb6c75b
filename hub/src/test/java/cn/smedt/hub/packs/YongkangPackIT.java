package cn.smedt.hub.packs;

import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;

/**
 * Connector contract test of the Yongkang pack (routes/zhejiang/jinhua/yongkang): the kit
 * ({@link CountyPackContractTest}) plays the county platform from the pack's recorded fixture and proves its REST
 * poll, webhook and file-drop routes. No Java is specific to the pack.
 */
class YongkangPackIT extends CountyPackContractTest {

    @HubIT.Settings
    static void node(HubNode node) {
        register(node, "zhejiang/jinhua/yongkang");
    }

    @Override
    protected String pack() {
        return "zhejiang/jinhua/yongkang";
    }
}
