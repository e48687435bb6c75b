package cn.smedt.hub.assessments;

import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.PartnerType;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import cn.smedt.hub.node.ProgrammeCalendar;
import java.time.LocalDate;
import org.springframework.stereotype.Component;

/**
 * The checks every record of an assessment body passes besides the enterprise rule (registered, inside the
 * assessor's regions, a pilot enterprise: {@link cn.smedt.hub.kernel.RecordRegions}, through {@code x-region} of
 * the operation): the caller is an assessor; the record's date is not in the future and lies inside the assessor's
 * qualification.
 */
@Component
class AssessorGate {

    private final ProgrammeCalendar calendar;

    AssessorGate(ProgrammeCalendar calendar) {
        this.calendar = calendar;
    }

    /** Only third-party assessment bodies submit assessments and acceptances. */
    void requireAssessor(Partner partner) {
        partner.requireType(PartnerType.ASSESSOR, "only qualified assessment bodies submit assessments and"
                + " acceptances");
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
}
