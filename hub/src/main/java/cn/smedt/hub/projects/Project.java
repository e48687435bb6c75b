package cn.smedt.hub.projects;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * An enterprise's transformation project (table {@code project}, V77).
 *
 * @param projectId      hub id ({@code PJ} + the enterprise's county + 18 hex), routed by the federation like every
 *                       record id carrying a region
 * @param projectRef     the registering platform's id of the project, unique per platform
 * @param registeredBy   the government partner that registered it
 * @param uscc           the enterprise
 * @param regionCode     the enterprise's county when the project was registered
 * @param track          programme track as the county's policy names it; null when none
 * @param plannedStages  stages in which it is implemented and accepted (1..12)
 * @param common         the "N" scenarios chosen (common to the sub-industry)
 * @param specific       the "X" scenarios chosen (specific to the firm)
 * @param status         where it stands
 * @param diagnosis      the diagnosis attached; null until then
 * @param contract       the contract attached; null until then
 * @param stagesStarted  the stage starts reported, by stage number
 * @param registeredAt   when the hub stored it
 */
public record Project(String projectId, String projectRef, String registeredBy, String uscc, String regionCode,
                      String track, int plannedStages, List<String> common, List<String> specific,
                      ProjectStatus status, Diagnosis diagnosis, Contract contract, List<StageStart> stagesStarted,
                      Instant registeredAt) {

    public Project {
        common = List.copyOf(common);
        specific = List.copyOf(specific);
        stagesStarted = List.copyOf(stagesStarted);
    }

    /** Same registration data (the partner's resubmission), ignoring ids, status, facts and time. */
    boolean sameRegistrationAs(Project other) {
        return uscc.equals(other.uscc) && Objects.equals(track, other.track) && plannedStages == other.plannedStages
                && common.equals(other.common) && specific.equals(other.specific);
    }

    /** The diagnosis cost attached, null when none. */
    public BigDecimal diagnosisCost() {
        return diagnosis == null ? null : diagnosis.cost();
    }

    /**
     * A project's diagnosis (诊断).
     *
     * @param providerUscc the registered service provider that diagnosed
     * @param cost         its actual cost, yuan, scale 2
     * @param reportedOn   date of the report
     */
    public record Diagnosis(String providerUscc, BigDecimal cost, LocalDate reportedOn) {

        boolean same(Diagnosis other) {
            return providerUscc.equals(other.providerUscc) && cost.compareTo(other.cost) == 0
                    && reportedOn.equals(other.reportedOn);
        }
    }

    /**
     * The implementation contract.
     *
     * @param providers the contracted providers (integrators, general contractors), registered service providers
     * @param amount    the contract amount, yuan, scale 2
     * @param signedOn  date signed
     */
    public record Contract(List<String> providers, BigDecimal amount, LocalDate signedOn) {

        public Contract {
            providers = List.copyOf(providers);
        }

        boolean same(Contract other) {
            return providers.equals(other.providers) && amount.compareTo(other.amount) == 0
                    && signedOn.equals(other.signedOn);
        }
    }

    /**
     * The start of a planned stage.
     *
     * @param stage     1..plannedStages
     * @param startedOn date it started
     */
    public record StageStart(int stage, LocalDate startedOn) {
    }
}
