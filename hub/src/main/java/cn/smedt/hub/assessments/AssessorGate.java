package cn.smedt.hub.assessments;

import cn.smedt.api.identifiers.Uscc;
import cn.smedt.hub.enterprises.Enterprise;
import cn.smedt.hub.enterprises.EnterpriseRegistry;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.PartnerType;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import cn.smedt.hub.node.ProgrammeCalendar;
import cn.smedt.hub.regions.RegionDirectory;
import java.time.LocalDate;
import org.springframework.stereotype.Component;

/**
 * The checks every record of an assessment body passes, in this order: the caller is an assessor; the record's date
 * is not in the future and lies inside the assessor's qualification; the enterprise is registered, inside the
 * assessor's regions and a pilot enterprise. (The gateway has already checked the scope and, through
 * {@code x-region}, the enterprise's region; the region is checked again here so the rule does not depend on the
 * contract alone.)
 */
@Component
class AssessorGate {

    private final EnterpriseRegistry enterprises;
    private final RegionDirectory regions;
    private final ProgrammeCalendar calendar;

    AssessorGate(EnterpriseRegistry enterprises, RegionDirectory regions, ProgrammeCalendar calendar) {
        this.enterprises = enterprises;
        this.regions = regions;
        this.calendar = calendar;
    }

    /** Only third-party assessment bodies submit assessments and acceptances. */
    void requireAssessor(Partner partner) {
        if (partner.type() != PartnerType.ASSESSOR) {
            throw new ProblemException(ProblemCode.PARTNER_TYPE_DENIED, "only qualified assessment bodies submit"
                    + " assessments and acceptances; " + partner.id() + " is a " + partner.type());
        }
    }

    /**
     * The record's date: not after today (China time), and inside the assessor's qualification.
     *
     * @param date    the assessment or acceptance date
     * @param pointer where the date is in the request ({@code /assessedOn}, {@code /acceptedOn})
     */
    void requireQualifiedOn(Partner assessor, LocalDate date, String pointer) {
        if (calendar.isFuture(date)) {
            throw ProblemException.field(ProblemCode.DATE_IN_FUTURE, pointer, date + " is after today ("
                    + calendar.today() + ", China time)");
        }
        if (assessor.qualification() == null) {
            throw ProblemException.field(ProblemCode.ASSESSOR_NOT_QUALIFIED, pointer, "assessor " + assessor.id()
                    + " has no qualification on record with this hub");
        }
        if (!assessor.qualifiedOn(date)) {
            throw ProblemException.field(ProblemCode.ASSESSOR_NOT_QUALIFIED, pointer, "assessor " + assessor.id()
                    + " was not qualified on " + date + ": qualification "
                    + (assessor.qualification().certificate() == null ? ""
                    : assessor.qualification().certificate() + " ") + "is valid " + assessor.qualification().period());
        }
    }

    /** The registered pilot enterprise in the assessor's regions. */
    Enterprise pilotEnterpriseOf(String uscc, Partner assessor) {
        String problem = Uscc.problem(uscc);
        if (problem != null) {
            throw ProblemException.field(ProblemCode.USCC_INVALID, "/uscc", "USCC '" + uscc + "': " + problem);
        }
        Enterprise enterprise = enterprises.find(uscc).orElseThrow(() -> ProblemException.field(
                ProblemCode.ENTERPRISE_NOT_REGISTERED, "/uscc", "enterprise " + uscc + " is not registered"));
        if (!regions.withinAny(enterprise.regionCode(), assessor.regions())) {
            throw ProblemException.field(ProblemCode.REGION_DENIED, "/uscc", "enterprise " + uscc + " is in region "
                    + enterprise.regionCode() + ", outside assessor " + assessor.id() + "'s regions");
        }
        if (!enterprise.pilot()) {
            throw ProblemException.field(ProblemCode.ENTERPRISE_NOT_IN_PILOT, "/uscc", "enterprise " + uscc
                    + " is not in the programme's pilot list (project library)");
        }
        return enterprise;
    }
}
