package cn.smedt.hub.providers;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A provider's service fees of one year for the pilot enterprises of a region (table {@code provider_fees_report}).
 *
 * @param recordId          hub id ({@code PF} + 24 hex), the decided record
 * @param providerUscc      the provider
 * @param reportId          the reporting office's id of the report, unique per provider
 * @param regionCode        the region whose policy pays
 * @param year              the year the fees belong to
 * @param serviceFees       fees incurred, yuan, scale 2
 * @param allTasksCompleted every transformation task of the provider is completed
 * @param reportedBy        the government partner
 * @param receivedAt        when
 */
record FeesReport(String recordId, String providerUscc, String reportId, String regionCode, int year,
                          BigDecimal serviceFees, boolean allTasksCompleted, String reportedBy, Instant receivedAt) {

    boolean sameDataAs(FeesReport other) {
        return regionCode.equals(other.regionCode) && year == other.year
                && serviceFees.compareTo(other.serviceFees) == 0 && allTasksCompleted == other.allTasksCompleted;
    }
}
