package cn.smedt.hub.policy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** The shipped packs (routes jar on the test classpath) and a GB/T 2260 ancestry, for the policy tests. */
final class Packs {

    static final PolicyPacks SHIPPED = PolicyPacks.fromClasspath(Packs.class.getClassLoader());
    static final LprTable LPR = LprTable.fromClasspath(Packs.class.getClassLoader());

    /** County -> city -> province by the code's digits; hub-local X41... ids belong to the 41 province's city 4101. */
    static final RegionAncestry GB_ANCESTRY = code -> {
        List<String> out = new ArrayList<>();
        out.add(code);
        if (code.startsWith("X41")) {
            out.add("410100");
            out.add("410000");
        } else if (!code.endsWith("0000")) {
            if (!code.endsWith("00")) {
                out.add(code.substring(0, 4) + "00");
            }
            out.add(code.substring(0, 2) + "0000");
        }
        return out;
    };

    private Packs() {
    }

    static Policy zhengzhou() {
        return SHIPPED.ofRegion("410100").orElseThrow();
    }

    static Policy wuhan() {
        return SHIPPED.ofRegion("420100").orElseThrow();
    }

    static Policy yongkang() {
        return SHIPPED.ofRegion("330784").orElseThrow();
    }

    static BigDecimal yuan(String amount) {
        return new BigDecimal(amount);
    }

    static SubsidyDecision decision(List<SubsidyDecision> decisions, String ruleId) {
        return decisions.stream().filter(d -> d.ruleId().equals(ruleId)).findFirst().orElseThrow();
    }
}
