package cn.smedt.hub.delivery;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Subsidy decisions as delivered events ({@link SubsidyDecisionEvent}), read from table {@code subsidy_decision}. */
@Component
class SubsidyDecisionEvents implements WebhookEvent {

    static final String TYPE = "subsidy-decision";

    private final JdbcTemplate jdbc;

    SubsidyDecisionEvents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String subject() {
        return "decision";
    }

    @Override
    public SubsidyDecisionEvent payload(String decisionId) {
        return jdbc.queryForObject("select decision_id, record_id, kind, uscc, region_code, loan_id, partner_id,"
                + " policy_id, policy_version, rule_id, eligible, granted, cap_remaining, reason_code, detail,"
                + " decided_at from subsidy_decision where decision_id = ?", SubsidyDecisionEvents::event, decisionId);
    }

    private static SubsidyDecisionEvent event(ResultSet rs, int row) throws SQLException {
        return new SubsidyDecisionEvent(TYPE, rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getString(10), money(rs.getBigDecimal(11)), money(rs.getBigDecimal(12)),
                money(rs.getBigDecimal(13)), rs.getString(14), rs.getString(15), rs.getTimestamp(16).toInstant());
    }

    /** Money as a 2-place decimal string: never a binary float on the wire. */
    private static String money(BigDecimal amount) {
        return amount == null ? null : amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}
