package cn.smedt.hub.policy;

import java.util.Arrays;
import java.util.Optional;

/** Categories of an enterprise's transformation spend, as named in policy YAML ({@link #yamlName()}). */
public enum SpendCategory {
    /** Application software, licences, SaaS subscriptions bought outright (ERP, MES, SRM ... 场景化轻量级云化软件). */
    SOFTWARE("software"),
    /** Cloud services (云服务, 上云上平台 subscriptions). */
    CLOUD_SERVICES("cloudServices"),
    /** Data-collection devices: gateways, sensors, edge-computing boxes (数据采集设备, 边缘计算设备). */
    DATA_COLLECTION_DEVICES("dataCollectionDevices"),
    /** Network and connection equipment: routers, switches, 5G modules (网络及连接设备, 网关、路由). */
    NETWORK_EQUIPMENT("networkEquipment"),
    /** Automation equipment: motors, packaging lines, warehousing logistics (电机、包装自动化产线和仓储物流等自动化设备). */
    AUTOMATION_EQUIPMENT("automationEquipment"),
    /** Other hardware carrying the digital systems (servers, terminals, screens). */
    OTHER_HARDWARE("otherHardware"),
    /** Diagnosis / consultancy fees (诊断费用). */
    DIAGNOSIS("diagnosis"),
    /** Implementation, integration and supervision services (实施、集成、监理服务). */
    IMPLEMENTATION_SERVICES("implementationServices");

    /** The name used in policy YAML ({@code base}, {@code components[].category}). */
    private final String yamlName;

    SpendCategory(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The name used in policy YAML. */
    public String yamlName() {
        return yamlName;
    }

    /** The category with this YAML name. */
    public static Optional<SpendCategory> fromYamlName(String name) {
        return Arrays.stream(values()).filter(c -> c.yamlName.equals(name)).findFirst();
    }
}
