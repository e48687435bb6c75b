package cn.smedt.hub.kernel;

import java.io.Serializable;
import java.time.LocalDate;

/**
 * The qualification of a third-party assessment body (第三方评测机构) to assess by the MIIT index
 * (中小企业数字化水平评测指标), as the operator configured it. Assessments and acceptances are accepted only for
 * dates inside it.
 *
 * @param certificate number of the qualification certificate or recognition document; recorded only, may be null
 * @param validFrom   first day the qualification holds (inclusive); null = since ever
 * @param validUntil  last day the qualification holds (inclusive); null = open-ended
 */
public record AssessorQualification(String certificate, LocalDate validFrom, LocalDate validUntil)
        implements Serializable {

    public AssessorQualification {
        if (validFrom != null && validUntil != null && validUntil.isBefore(validFrom)) {
            throw new PartnerConfigurationException("qualification " + certificate + " ends (" + validUntil
                    + ") before it starts (" + validFrom + ")");
        }
    }

    /** True when the qualification holds on {@code date} (both ends inclusive). */
    public boolean covers(LocalDate date) {
        return (validFrom == null || !date.isBefore(validFrom)) && (validUntil == null || !date.isAfter(validUntil));
    }

    /** The period as text, for messages: {@code 2024-01-01..2026-12-31}. */
    public String period() {
        return (validFrom == null ? "" : validFrom.toString()) + ".." + (validUntil == null ? "" : validUntil.toString());
    }
}
