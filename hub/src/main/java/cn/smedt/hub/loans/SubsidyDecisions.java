package cn.smedt.hub.loans;

import cn.smedt.hub.kernel.RecordIds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Table {@code subsidy_decision} (V3) as {@link SubsidyDecisionRecord} rows: the one place that stores such a row
 * and reads it back by its record, for the features that decide with it (interest subsidies here; provider subsidies
 * and chain cases, package {@code providers}; transformation and diagnosis subsidies, package {@code assessments}),
 * and the one maker of decision ids ({@link #newDecisionId}). A decision is stored once per record and kind (unique
 * key).
 * <p>
 * Counts the decisions it stores in {@value #DECIDED} (tag {@code kind}) once their transaction commits: decisions
 * per second are the counter's rate, with no query of the table (docs/metrics.md).
 */
@Repository
public class SubsidyDecisions {

    static final String DECIDED = "hub.subsidy.decisions";
    /** The 24 hex digits of {@link #newDecisionId}. */
    private static final RecordIds DECISION_IDS = new RecordIds(24);

    private final JdbcTemplate jdbc;
    /** For the lookups of many rows by their ids ({@code in (:ids)}, the list expanded by Spring). */
    private final NamedParameterJdbcTemplate named;
    private final MeterRegistry meters;
    /** {@value #DECIDED} by kind, registered at a kind's first decision. */
    private final Map<String, Counter> decided = new ConcurrentHashMap<>();

    SubsidyDecisions(JdbcTemplate jdbc, NamedParameterJdbcTemplate named, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.named = named;
        this.meters = meters;
    }

    /** A new decision's id: SD and 24 hex digits, in the order decisions are made ({@link RecordIds}). */
    public static String newDecisionId() {
        return "SD" + DECISION_IDS.next();
    }

    /** The decision of a record of this kind, if made. */
    public Optional<SubsidyDecisionRecord> decisionFor(String recordId, String kind) {
        return jdbc.query("select * from subsidy_decision where record_id = ? and kind = ?",
                SubsidyDecisions::decision, recordId, kind).stream().findFirst();
    }

    /** The decisions of this kind made for those of these records that have one, by record id. */
    public Map<String, SubsidyDecisionRecord> decisionsFor(Collection<String> recordIds, String kind) {
        Map<String, SubsidyDecisionRecord> found = new HashMap<>();
        if (!recordIds.isEmpty()) {
            named.query("select * from subsidy_decision where kind = :kind and record_id in (:ids)",
                    Map.of("kind", kind, "ids", recordIds), SubsidyDecisions::decision)
                    .forEach(d -> found.put(d.recordId(), d));
        }
        return found;
    }

    /** The decisions of this kind whose subject ({@code uscc}) is this enterprise or provider, oldest first. */
    public List<SubsidyDecisionRecord> decisionsOf(String uscc, String kind) {
        return jdbc.query("select * from subsidy_decision where uscc = ? and kind = ? order by decided_at,"
                + " decision_id", SubsidyDecisions::decision, uscc, kind);
    }

    /** Stores a decision (in the caller's transaction, with its planned deliveries). */
    public void insert(SubsidyDecisionRecord d) {
        insertAll(List.of(d));
    }

    /** Stores decisions (in the caller's transaction, one JDBC batch): those of one message of work. */
    public void insertAll(List<SubsidyDecisionRecord> decisions) {
        jdbc.batchUpdate("""
                insert into subsidy_decision (decision_id, record_id, kind, uscc, region_code, loan_id, partner_id,
                        policy_id, policy_version, rule_id, eligible, granted, cap_remaining, reason_code, detail,
                        decided_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", decisions.stream().map(d -> new Object[] {
                d.decisionId(), d.recordId(), d.kind(), d.uscc(), d.regionCode(), d.loanId(), d.partnerId(),
                d.policyId(), d.policyVersion(), d.ruleId(), d.eligible(), d.granted(), d.capRemaining(),
                d.reasonCode(), d.detail(), Timestamp.from(d.decidedAt())}).toList());
        count(decisions.stream().collect(Collectors.groupingBy(SubsidyDecisionRecord::kind, Collectors.counting())));
    }

    /** Adds the decisions to their kinds' counters once the caller's transaction commits (at once without one). */
    private void count(Map<String, Long> byKind) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            byKind.forEach(this::increment);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                byKind.forEach(SubsidyDecisions.this::increment);
            }
        });
    }

    private void increment(String kind, long count) {
        decided.computeIfAbsent(kind, k -> Counter.builder(DECIDED).description("Subsidy decisions stored, by kind")
                .tag("kind", k).register(meters)).increment(count);
    }

    static SubsidyDecisionRecord decision(ResultSet rs, int row) throws SQLException {
        return new SubsidyDecisionRecord(rs.getString("decision_id"), rs.getString("record_id"),
                rs.getString("kind"), rs.getString("uscc"), rs.getString("region_code"), rs.getString("loan_id"),
                rs.getString("partner_id"), rs.getString("policy_id"), rs.getString("policy_version"),
                rs.getString("rule_id"), rs.getBigDecimal("eligible").setScale(2),
                rs.getBigDecimal("granted").setScale(2),
                rs.getBigDecimal("cap_remaining") == null ? null : rs.getBigDecimal("cap_remaining").setScale(2),
                rs.getString("reason_code"), rs.getString("detail"), rs.getTimestamp("decided_at").toInstant());
    }
}
