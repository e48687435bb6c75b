package cn.smedt.hub.devices;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.math.BigDecimal;
import java.util.List;

/**
 * The device KPIs of one enterprise (api-specs devices.yaml {@code DeviceKpis}: the getDeviceKpis answer, and the
 * KPIs of a {@link DeviceKpiReport}), computed by {@link DeviceKpis}. A ratio without a denominator is null, as are
 * the state and last sample time of a device that never reported, and a device's name and kind when not registered:
 * like every null of the hub's answers, they are left out of the JSON (as they were of the map these records
 * replaced).
 *
 * @param uscc              the enterprise
 * @param windowStart       start of the KPI window ({@code hub.devices.kpi-window} before {@code windowEnd})
 * @param windowEnd         now, when computed
 * @param devicesKnown      devices registered or that ever reported
 * @param devicesRegistered devices registered (registerDevices)
 * @param devicesOnline     devices that reported within {@code hub.devices.online-window}
 * @param onlineRate        devicesOnline / devicesKnown, 4 decimals; null without devices
 * @param figures           the enterprise's figures and KPIs over the window, written as fields of this object
 * @param assumptions       what the KPIs assume (quality, ideal cycle, planned time)
 * @param devices           each device known, by device id
 */
@JsonPropertyOrder({"uscc", "windowStart", "windowEnd", "devicesKnown", "devicesRegistered", "devicesOnline",
        "onlineRate", "figures", "assumptions", "devices"})
public record EnterpriseKpis(String uscc, String windowStart, String windowEnd, int devicesKnown,
                             int devicesRegistered, int devicesOnline,
                             BigDecimal onlineRate,
                             @JsonUnwrapped KpiTotals.Figures figures, String assumptions, List<Device> devices) {

    /**
     * One device's KPIs.
     *
     * @param deviceId   the device
     * @param registered whether it was registered (registerDevices)
     * @param name       its registered name; absent when none
     * @param kind       its registered kind; absent when none
     * @param online     whether it reported within {@code hub.devices.online-window}
     * @param state      its latest machine state; null when it never reported
     * @param lastSeen   the time of its latest sample; null when it never reported
     * @param figures    its figures and KPIs over the window, written as fields of this object
     */
    @JsonPropertyOrder({"deviceId", "registered", "name", "kind", "online", "state", "lastSeen", "figures"})
    public record Device(String deviceId, boolean registered,
                         String name,
                         String kind, boolean online,
                         String state,
                         String lastSeen,
                         @JsonUnwrapped KpiTotals.Figures figures) {
    }
}
