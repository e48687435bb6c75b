package cn.smedt.hub.policy;

import java.time.LocalDate;

/** No LPR entry was in force on the requested date (the date precedes the table's first entry). */
public class LprNotAvailableException extends PolicyException {

    private static final long serialVersionUID = 1L;

    /** The date for which a rate was asked. */
    private final LocalDate date;

    public LprNotAvailableException(LocalDate date, LocalDate firstEntry) {
        super("no LPR in force on " + date + (firstEntry == null ? " (the LPR table is empty)"
                : " (the LPR table starts on " + firstEntry + ")"));
        this.date = date;
    }

    /** The date for which a rate was asked. */
    public LocalDate date() {
        return date;
    }
}
