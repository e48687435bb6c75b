package cn.smedt.hub.devices;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * The payload of a KPI report delivered to an industrial platform (api-specs devices.yaml {@code DeviceKpiReport}):
 * {@code eventType} and {@code reportId}, then the enterprise's KPIs with the fields of the getDeviceKpis answer
 * ({@code DeviceKpis}, {@link EnterpriseKpis}), as before.
 *
 * @param eventType always {@value KpiReports#TYPE}
 * @param reportId  {@code kpi-<uscc>-<interval slot>}, also the delivery's {@code Idempotency-Key}
 * @param kpis      the enterprise's KPIs (the getDeviceKpis answer), written after the two fields above
 */
@JsonPropertyOrder({"eventType", "reportId", "kpis"})
public record DeviceKpiReport(String eventType, String reportId, @JsonUnwrapped EnterpriseKpis kpis) {
}
