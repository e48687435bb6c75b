package cn.smedt.hub.cloud;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The cloud adoption (上云用数) of one enterprise as a platform reported it; the hub keeps the newest per enterprise.
 *
 * @param uscc             the enterprise
 * @param regionCode       its county when the report arrived
 * @param platformId       partner id of the industrial internet platform that reported it
 * @param reportedOn       date of the report's data; a report replaces the state only when this is the same or later
 * @param saasApps         applications in use, in report order
 * @param paymentMode      ONE_OFF, PER_USE or PER_OUTCOME
 * @param devicesConnected devices connected to the platform
 * @param receivedAt       when the hub stored it
 */
public record CloudAdoption(String uscc, String regionCode, String platformId, LocalDate reportedOn,
                            List<SaasApp> saasApps, String paymentMode, int devicesConnected, Instant receivedAt) {

    public CloudAdoption {
        saasApps = List.copyOf(saasApps);
    }
}
