package cn.smedt.hub.devices;

import cn.smedt.api.model.Device;
import cn.smedt.api.model.DeviceRegistration;
import cn.smedt.hub.enterprises.Enterprise;
import cn.smedt.hub.enterprises.EnterpriseRegistry;
import cn.smedt.hub.kernel.ApiReply;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.PartnerOperation;
import cn.smedt.hub.kernel.PartnerRequest;
import cn.smedt.hub.regions.RegionScope;
import cn.smedt.hub.storage.RaceFreeWrites;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The devices an enterprise declares (operation registerDevices): they count as known for the online rate
 * (设备联网率) before, or without, their first telemetry.
 */
@Component
public class DeviceRegister {

    private final JdbcTemplate jdbc;
    private final EnterpriseRegistry enterprises;
    private final Clock clock;
    private final RaceFreeWrites writes;

    DeviceRegister(JdbcTemplate jdbc, EnterpriseRegistry enterprises, Clock clock, RaceFreeWrites writes) {
        this.jdbc = jdbc;
        this.enterprises = enterprises;
        this.clock = clock;
        this.writes = writes;
    }

    /** Registers or updates the devices of an enterprise in the partner's regions; answers all its devices. */
    @Transactional
    @PartnerOperation("registerDevices")
    public ApiReply register(PartnerRequest request) {
        String uscc = request.pathParam("uscc");
        DeviceRegistration body = request.body(DeviceRegistration.class);
        Partner partner = request.partner();
        Enterprise enterprise = enterprises.visibleTo(uscc, partner);
        Timestamp now = Timestamp.from(clock.instant());
        for (Device device : body.getDevices()) {
            String deviceId = device.getDeviceId();
            String name = device.getName();
            String kind = device.getKind();
            writes.upsert(() -> jdbc.update("update device set name = ?, kind = ?, registered_at = ?,"
                    + " registered_by = ? where uscc = ? and device_id = ?", name, kind, now, partner.id(),
                    enterprise.uscc(), deviceId),
                    () -> jdbc.update("insert into device (uscc, device_id, name, kind, registered_at, registered_by)"
                        + " values (?, ?, ?, ?, ?, ?)", enterprise.uscc(), deviceId, name, kind, now, partner.id()));
        }
        return ApiReply.ok(devicesOf(enterprise.uscc()));
    }

    /** The registered devices of an enterprise, by device id. */
    List<Map<String, Object>> devicesOf(String uscc) {
        return jdbc.query("select device_id, name, kind from device where uscc = ? order by device_id", (rs, row) -> {
            Map<String, Object> device = new LinkedHashMap<>();
            device.put("deviceId", rs.getString(1));
            if (rs.getString(2) != null) {
                device.put("name", rs.getString(2));
            }
            if (rs.getString(3) != null) {
                device.put("kind", rs.getString(3));
            }
            return device;
        }, uscc);
    }

    /** Registered devices ("uscc/deviceId" keys) of enterprises registered inside {@code scope}. */
    List<String> keysInRegion(RegionScope scope) {
        return jdbc.queryForList("select d.uscc || '/' || d.device_id from device d join enterprise e on e.uscc = d.uscc"
                + " where " + scope.condition("e.region_code"), String.class, scope.arguments());
    }
}
