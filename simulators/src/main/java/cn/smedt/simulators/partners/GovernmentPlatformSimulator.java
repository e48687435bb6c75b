package cn.smedt.simulators.partners;

import cn.smedt.sdk.HubProblemException;
import cn.smedt.sdk.HubSdk;
import cn.smedt.sdk.client.ApiException;
import cn.smedt.sdk.devices.DevicesApi;
import cn.smedt.sdk.devices.model.Device;
import cn.smedt.sdk.devices.model.DeviceCredentials;
import cn.smedt.sdk.devices.model.DeviceRegistration;
import cn.smedt.sdk.enterprises.EnterprisesApi;
import cn.smedt.sdk.enterprises.model.EnterpriseRegistration;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A city government platform (市级公共服务平台) that registers its pilot enterprises with the hub, a few per tick.
 * Calls the hub through the partner SDK (operations registerEnterprise, issueDeviceCredentials, registerDevices).
 */
public final class GovernmentPlatformSimulator {

    private static final Logger LOG = LoggerFactory.getLogger(GovernmentPlatformSimulator.class);

    private final EnterprisesApi enterprisesApi;
    private final DevicesApi devicesApi;
    private final List<DemoEnterprises.Enterprise> pending;
    private final List<DemoEnterprises.Enterprise> registered = new ArrayList<>();

    public GovernmentPlatformSimulator(HubSdk hub, List<DemoEnterprises.Enterprise> enterprises) {
        this.enterprisesApi = hub.api(EnterprisesApi::new);
        this.devicesApi = hub.api(DevicesApi::new);
        this.pending = new ArrayList<>(enterprises);
    }

    /** Registers up to {@code perTick} more enterprises; returns how many the hub accepted. */
    public int tick(int perTick) throws IOException, InterruptedException {
        int accepted = 0;
        for (int i = 0; i < perTick && !pending.isEmpty(); i++) {
            DemoEnterprises.Enterprise enterprise = pending.remove(0);
            EnterpriseRegistration registration = new EnterpriseRegistration()
                    .uscc(enterprise.uscc())
                    .name(enterprise.name())
                    .regionCode(enterprise.region())
                    .industryCode(enterprise.industry())
                    .scale(EnterpriseRegistration.ScaleEnum.ABOVE_DESIGNATED_SIZE)
                    .tags(List.of())
                    .pilot(enterprise.pilot());
            try {
                enterprisesApi.registerEnterprise(HubSdk.newIdempotencyKey(), registration);
                synchronized (this) {
                    registered.add(enterprise);
                }
                accepted++;
            } catch (HubProblemException refused) {
                LOG.warn("hub refused enterprise {}: {}", enterprise.uscc(), refused.body());
            } catch (ApiException e) {
                throw new IOException("enterprise " + enterprise.uscc() + " not sent: " + e.getMessage(), e);
            }
        }
        return accepted;
    }

    /**
     * Issues MQTT credentials for a registered enterprise's devices (operation issueDeviceCredentials, scope
     * devices:admin), as the city's platform does when a factory connects its machines.
     */
    public MqttCredentials issueDeviceCredentials(String uscc) throws IOException, InterruptedException {
        try {
            DeviceCredentials credentials = devicesApi.issueDeviceCredentials(uscc, HubSdk.newIdempotencyKey());
            return new MqttCredentials(credentials.getUsername(), credentials.getPassword());
        } catch (HubProblemException refused) {
            throw new IOException("hub refused device credentials for " + uscc + ": " + refused.body(), refused);
        } catch (ApiException e) {
            throw new IOException("device credentials for " + uscc + " not issued: " + e.getMessage(), e);
        }
    }

    /** Declares an enterprise's machines (operation registerDevices): device id to machine kind. */
    public void registerDevices(String uscc, Map<String, String> kindByDeviceId) throws IOException, InterruptedException {
        List<Device> devices = new ArrayList<>();
        kindByDeviceId.forEach((deviceId, kind) -> devices.add(new Device().deviceId(deviceId).kind(kind)));
        try {
            devicesApi.registerDevices(uscc, HubSdk.newIdempotencyKey(), new DeviceRegistration().devices(devices));
        } catch (HubProblemException refused) {
            throw new IOException("hub refused the devices of " + uscc + ": " + refused.body(), refused);
        } catch (ApiException e) {
            throw new IOException("the devices of " + uscc + " not registered: " + e.getMessage(), e);
        }
    }

    public synchronized List<DemoEnterprises.Enterprise> registered() {
        return List.copyOf(registered);
    }
}
