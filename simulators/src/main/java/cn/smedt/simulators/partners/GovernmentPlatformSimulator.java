package cn.smedt.simulators.partners;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A city government platform (市级公共服务平台) that registers its pilot enterprises with the hub, a few per tick. */
public final class GovernmentPlatformSimulator {

    private static final Logger LOG = LoggerFactory.getLogger(GovernmentPlatformSimulator.class);

    private final HubClient hub;
    private final List<DemoEnterprises.Enterprise> pending;
    private final List<DemoEnterprises.Enterprise> registered = new ArrayList<>();

    public GovernmentPlatformSimulator(HubClient hub, List<DemoEnterprises.Enterprise> enterprises) {
        this.hub = hub;
        this.pending = new ArrayList<>(enterprises);
    }

    /** Registers up to {@code perTick} more enterprises; returns how many the hub accepted. */
    public int tick(int perTick) throws IOException, InterruptedException {
        int accepted = 0;
        for (int i = 0; i < perTick && !pending.isEmpty(); i++) {
            DemoEnterprises.Enterprise enterprise = pending.remove(0);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("uscc", enterprise.uscc());
            body.put("name", enterprise.name());
            body.put("regionCode", enterprise.region());
            body.put("industryCode", enterprise.industry());
            body.put("scale", "ABOVE_DESIGNATED_SIZE");
            body.put("tags", List.of());
            body.put("pilot", enterprise.pilot());
            HubClient.Answer answer = hub.post("/api/v1/enterprises", body);
            if (answer.ok()) {
                registered.add(enterprise);
                accepted++;
            } else {
                LOG.warn("hub refused enterprise {}: {}", enterprise.uscc(), answer.body());
            }
        }
        return accepted;
    }

    /**
     * Issues MQTT credentials for a registered enterprise's devices (operation issueDeviceCredentials, scope
     * devices:admin), as the city's platform does when a factory connects its machines.
     */
    public MqttCredentials issueDeviceCredentials(String uscc) throws IOException, InterruptedException {
        HubClient.Answer answer = hub.post("/api/v1/enterprises/" + uscc + "/device-credentials", Map.of());
        if (!answer.ok()) {
            throw new IOException("hub refused device credentials for " + uscc + ": " + answer.body());
        }
        return new MqttCredentials(answer.body().path("username").asText(), answer.body().path("password").asText());
    }

    /** Declares an enterprise's machines (operation registerDevices): device id to machine kind. */
    public void registerDevices(String uscc, Map<String, String> kindByDeviceId) throws IOException, InterruptedException {
        List<Map<String, Object>> devices = new ArrayList<>();
        kindByDeviceId.forEach((deviceId, kind) -> devices.add(Map.of("deviceId", deviceId, "kind", kind)));
        HubClient.Answer answer = hub.post("/api/v1/enterprises/" + uscc + "/devices", Map.of("devices", devices));
        if (!answer.ok()) {
            throw new IOException("hub refused the devices of " + uscc + ": " + answer.body());
        }
    }

    public synchronized List<DemoEnterprises.Enterprise> registered() {
        return List.copyOf(registered);
    }
}
