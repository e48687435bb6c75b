package cn.smedt.hub.loans;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Loans, interest periods and the decisions of a loan or bank (Flyway V3; rows of {@link SubsidyDecisions}). */
@Repository
class LoanRepository {

    private final JdbcTemplate jdbc;
    /** For the lookups of many rows by their ids ({@code in (:ids)}, the list expanded by Spring). */
    private final NamedParameterJdbcTemplate named;

    LoanRepository(JdbcTemplate jdbc, NamedParameterJdbcTemplate named) {
        this.jdbc = jdbc;
        this.named = named;
    }

    Optional<Loan> loan(String loanId) {
        return jdbc.query("select * from loan where loan_id = ?", LoanRepository::loan, loanId).stream().findFirst();
    }

    /**
     * The loan, its row locked until the end of the caller's transaction ({@code select ... for update}, on H2 and
     * PostgreSQL alike): serialises the submissions of one loan's periods, so that the check for an overlapping
     * period and the insert are one step (a unique key cannot express "no two ranges overlap" portably).
     */
    Optional<Loan> lockLoan(String loanId) {
        return jdbc.query("select * from loan where loan_id = ? for update", LoanRepository::loan, loanId).stream()
                .findFirst();
    }

    Optional<Loan> loanOfBank(String bankId, String bankLoanId) {
        return jdbc.query("select * from loan where bank_id = ? and bank_loan_id = ?", LoanRepository::loan,
                bankId, bankLoanId).stream().findFirst();
    }

    void insert(Loan l) {
        jdbc.update("""
                insert into loan (loan_id, bank_id, bank_loan_id, uscc, region_code, product, principal, start_date,
                                  maturity_date, contract_rate, purpose, submitted_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                l.loanId(), l.bankId(), l.bankLoanId(), l.uscc(), l.regionCode(), l.product(), l.principal(),
                Date.valueOf(l.startDate()), Date.valueOf(l.maturityDate()), l.contractRate(), l.purpose(),
                Timestamp.from(l.submittedAt()));
    }

    /** The loans of these ids that exist, by id. */
    Map<String, Loan> loans(Collection<String> loanIds) {
        return byId("select * from loan where loan_id in (:ids)", loanIds, LoanRepository::loan, Loan::loanId);
    }

    /** The periods of these ids that exist, by id. */
    Map<String, InterestPeriod> periods(Collection<String> periodIds) {
        return byId("select * from interest_period where period_id in (:ids)", periodIds, LoanRepository::period,
                InterestPeriod::periodId);
    }

    /** The rows {@code sql} (its list parameter {@code ids}) finds for these ids, by their id. */
    private <T> Map<String, T> byId(String sql, Collection<String> ids, RowMapper<T> rows, Function<T, String> id) {
        Map<String, T> found = new HashMap<>();
        if (!ids.isEmpty()) {
            named.query(sql, Map.of("ids", ids), rows).forEach(row -> found.put(id.apply(row), row));
        }
        return found;
    }

    Optional<InterestPeriod> periodSpanning(String loanId, java.time.LocalDate start, java.time.LocalDate end) {
        return jdbc.query("select * from interest_period where loan_id = ? and period_start = ? and period_end = ?",
                LoanRepository::period, loanId, Date.valueOf(start), Date.valueOf(end)).stream().findFirst();
    }

    /**
     * The earliest stored period of the loan sharing a day with [start, end) other than one with exactly these
     * dates (which is the same period submitted again).
     */
    Optional<InterestPeriod> periodOverlapping(String loanId, java.time.LocalDate start, java.time.LocalDate end) {
        return jdbc.query("""
                select * from interest_period
                where loan_id = ? and period_start < ? and period_end > ?
                  and not (period_start = ? and period_end = ?)
                order by period_start""", LoanRepository::period, loanId, Date.valueOf(end), Date.valueOf(start),
                Date.valueOf(start), Date.valueOf(end)).stream().findFirst();
    }

    List<InterestPeriod> periodsOf(String loanId) {
        return jdbc.query("select * from interest_period where loan_id = ? order by period_start",
                LoanRepository::period, loanId);
    }

    /** Stores an accepted period. */
    void insert(InterestPeriod p) {
        jdbc.update("""
                insert into interest_period (period_id, loan_id, period_start, period_end, outstanding_principal,
                                             interest_paid, paid_on, status, submitted_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                p.periodId(), p.loanId(), Date.valueOf(p.periodStart()), Date.valueOf(p.periodEnd()),
                p.outstandingPrincipal(), p.interestPaid(), p.paidOn() == null ? null : Date.valueOf(p.paidOn()),
                p.status(), Timestamp.from(p.submittedAt()));
    }

    /** Marks the periods decided (one JDBC batch). */
    void markDecided(List<String> periodIds) {
        jdbc.batchUpdate("update interest_period set status = 'DECIDED' where period_id = ?",
                periodIds.stream().map(id -> new Object[] {id}).toList());
    }

    Optional<SubsidyDecisionRecord> decision(String decisionId) {
        return jdbc.query("select * from subsidy_decision where decision_id = ?", SubsidyDecisions::decision,
                decisionId).stream().findFirst();
    }

    List<SubsidyDecisionRecord> decisionsOfLoan(String loanId) {
        return jdbc.query("select * from subsidy_decision where loan_id = ? order by decided_at",
                SubsidyDecisions::decision, loanId);
    }

    /**
     * One page of a bank's interest decisions decided in [{@code from}, {@code until}), by decision time then id: a
     * stable order, as decisions are only ever added.
     */
    List<SubsidyDecisionRecord> decisionsOfBank(String bankId, Instant from, Instant until, int limit, int offset) {
        return jdbc.query("""
                select * from subsidy_decision
                where partner_id = ? and kind = 'INTEREST' and decided_at >= ? and decided_at < ?
                order by decided_at, decision_id
                offset ? rows fetch next ? rows only""", SubsidyDecisions::decision, bankId, Timestamp.from(from),
                Timestamp.from(until), offset, limit);
    }

    /** How many interest decisions of the bank were decided in [{@code from}, {@code until}). */
    long countDecisionsOfBank(String bankId, Instant from, Instant until) {
        return jdbc.queryForObject("""
                select count(*) from subsidy_decision
                where partner_id = ? and kind = 'INTEREST' and decided_at >= ? and decided_at < ?""", Long.class,
                bankId, Timestamp.from(from), Timestamp.from(until));
    }

    /**
     * A bank's interest decisions decided in [{@code from}, {@code until}) summed per enterprise and loan, by USCC
     * then loan id.
     */
    List<LoanStatementLine> statementLines(String bankId, Instant from, Instant until) {
        return jdbc.query("""
                select d.uscc, d.loan_id, l.bank_loan_id, count(*) as decisions, sum(d.eligible) as eligible,
                       sum(d.granted) as granted
                from subsidy_decision d join loan l on l.loan_id = d.loan_id
                where d.partner_id = ? and d.kind = 'INTEREST' and d.decided_at >= ? and d.decided_at < ?
                group by d.uscc, d.loan_id, l.bank_loan_id
                order by d.uscc, d.loan_id""", (rs, row) -> new LoanStatementLine(rs.getString("uscc"),
                rs.getString("loan_id"), rs.getString("bank_loan_id"), rs.getLong("decisions"),
                rs.getBigDecimal("eligible").setScale(2), rs.getBigDecimal("granted").setScale(2)),
                bankId, Timestamp.from(from), Timestamp.from(until));
    }

    private static Loan loan(ResultSet rs, int row) throws SQLException {
        return new Loan(rs.getString("loan_id"), rs.getString("bank_id"), rs.getString("bank_loan_id"),
                rs.getString("uscc"), rs.getString("region_code"), rs.getString("product"),
                rs.getBigDecimal("principal").setScale(2), rs.getDate("start_date").toLocalDate(),
                rs.getDate("maturity_date").toLocalDate(), rs.getString("contract_rate"), rs.getString("purpose"),
                rs.getTimestamp("submitted_at").toInstant());
    }

    private static InterestPeriod period(ResultSet rs, int row) throws SQLException {
        Date paidOn = rs.getDate("paid_on");
        return new InterestPeriod(rs.getString("period_id"), rs.getString("loan_id"),
                rs.getDate("period_start").toLocalDate(), rs.getDate("period_end").toLocalDate(),
                rs.getBigDecimal("outstanding_principal").setScale(2), rs.getBigDecimal("interest_paid").setScale(2),
                paidOn == null ? null : paidOn.toLocalDate(), rs.getString("status"),
                rs.getTimestamp("submitted_at").toInstant());
    }
}
