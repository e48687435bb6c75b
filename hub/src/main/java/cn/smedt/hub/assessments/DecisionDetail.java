package cn.smedt.hub.assessments;

import cn.smedt.hub.ledger.Grant;
import cn.smedt.hub.policy.DecisionLine;
import cn.smedt.hub.policy.SubsidyDecision;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/**
 * The audit detail of a transformation decision (column {@code subsidy_decision.detail}, at most 4000 characters):
 * the acceptance and level used, the chosen rule's arithmetic line by line, the ledger's answer, and the other rules
 * of the kind with their reason codes. Amounts are decimal strings.
 */
final class DecisionDetail {

    /** Room of the detail column. */
    static final int MAX_LENGTH = 4000;

    private DecisionDetail() {
    }

    static String render(ObjectMapper json, Acceptance acceptance, KindDecision kind, Grant grant) {
        ObjectNode root = json.createObjectNode();
        root.put("acceptanceId", acceptance.acceptanceId());
        root.put("acceptedOn", acceptance.acceptedOn().toString());
        if (acceptance.level() != null) {
            root.put("level", acceptance.level());
            root.put("levelRecordId", acceptance.levelRecordId());
        }
        if (acceptance.track() != null) {
            root.put("track", acceptance.track());
        }
        SubsidyDecision chosen = kind.chosen();
        ObjectNode rule = root.putObject("rule");
        rule.put("ruleId", chosen.ruleId());
        rule.put("eligible", chosen.eligible());
        rule.put("reasonCode", chosen.reasonCode());
        rule.put("base", text(chosen.base()));
        rule.put("computed", text(chosen.computed()));
        rule.put("ruleCap", text(chosen.cap()));
        rule.put("granted", text(chosen.granted()));
        ArrayNode lines = rule.putArray("lines");
        for (DecisionLine line : chosen.lines()) {
            ObjectNode l = lines.addObject();
            l.put("type", line.type().name());
            l.put("item", line.item());
            l.put("amount", text(line.amount()));
            if (line.rate() != null) {
                l.put("rate", line.rate().toPlainString());
            }
            l.put("result", text(line.result()));
            if (line.parameter() != null) {
                l.put("parameter", line.parameter());
            }
            if (line.note() != null) {
                l.put("note", line.note());
            }
        }
        if (!chosen.unconfirmedParameters().isEmpty()) {
            ArrayNode unconfirmed = rule.putArray("unconfirmedParameters");
            chosen.unconfirmedParameters().forEach(unconfirmed::add);
        }
        ObjectNode ledger = root.putObject("ledger");
        ledger.put("perEnterpriseCap", text(kind.perEnterpriseCap()));
        ledger.put("granted", text(grant.granted()));
        ledger.put("grantedTotal", text(grant.grantedTotal()));
        ledger.put("capRemaining", text(grant.capRemaining()));
        ArrayNode others = root.putArray("otherRules");
        for (SubsidyDecision other : kind.rules()) {
            if (other != chosen) {
                others.addObject().put("ruleId", other.ruleId()).put("eligible", other.eligible())
                        .put("reasonCode", other.reasonCode()).put("granted", text(other.granted()));
            }
        }
        String text = root.toString();
        if (text.length() > MAX_LENGTH) {
            rule.remove("lines");
            rule.put("lines", "omitted: " + chosen.lines().size() + " lines exceed the detail column");
            text = root.toString();
        }
        return text;
    }

    private static String text(BigDecimal amount) {
        return amount == null ? null : amount.toPlainString();
    }
}
