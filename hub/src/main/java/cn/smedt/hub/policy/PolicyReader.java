package cn.smedt.hub.policy;

import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates one {@code policy.yaml} (schema in docs/policies.md). Strict: unknown keys, missing fields,
 * malformed amounts or rates, overlapping or unordered brackets, undefined parameters and fields that do not fit the
 * rule's kind all raise {@link PolicyDefinitionException} naming the file and the field.
 */
public final class PolicyReader {

    private static final BigDecimal MAX_RATE = BigDecimal.ONE;

    private PolicyReader() {
    }

    /**
     * Reads a policy.
     *
     * @param in     the YAML document (UTF-8); not closed
     * @param origin where it comes from, used in messages and kept as {@link Policy#origin()}
     */
    public static Policy read(InputStream in, String origin) {
        YamlNode root = YamlNode.parse(in, origin);
        root.allowOnly("id", "version", "region", "name", "currency", "source", "effectiveFrom", "parameters", "rules");
        String id = root.requiredString("id");
        String version = root.requiredString("version");
        String region = root.requiredString("region");
        String name = root.requiredString("name");
        String currency = root.requiredString("currency");
        if (!"CNY".equals(currency)) {
            throw root.fail("currency", "only CNY is supported, got " + currency);
        }
        String source = root.requiredString("source");
        LocalDate effectiveFrom = root.has("effectiveFrom") ? date(root.child("effectiveFrom")) : null;

        Map<String, PolicyParameter> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> e : root.optEntries("parameters")) {
            parameters.put(e.getKey(), parameter(e.getKey(), e.getValue()));
        }
        List<YamlNode> ruleNodes = root.required("rules").items();
        if (ruleNodes.isEmpty()) {
            throw root.fail("rules", "a policy needs at least one rule");
        }
        List<PolicyRule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (YamlNode node : ruleNodes) {
            PolicyRule rule = rule(node, parameters.keySet());
            if (!ids.add(rule.id())) {
                throw node.fail("id", "duplicate rule id " + rule.id());
            }
            rules.add(rule);
        }
        if (rules.stream().filter(r -> r.kind() == RuleKind.INTEREST).count() > 1) {
            throw root.fail("rules", "at most one INTEREST rule per policy");
        }
        return new Policy(id, version, region, name, currency, source, effectiveFrom, parameters, rules, origin);
    }

    private static PolicyParameter parameter(String key, YamlNode node) {
        node.allowOnly("value", "confirmed", "description");
        BigDecimal value = rate(node.required("value"));
        Boolean confirmed = node.optBool("confirmed");
        if (confirmed == null) {
            throw node.fail("confirmed", "missing required field (say false until an operator has checked the value)");
        }
        return new PolicyParameter(key, value, confirmed, node.requiredString("description"));
    }

    private static PolicyRule rule(YamlNode node, Set<String> parameterNames) {
        node.allowOnly("id", "kind", "title", "clause", "eligibility", "base", "brackets", "components", "caps",
                "interest");
        String id = node.requiredString("id");
        RuleKind kind = enumValue(RuleKind.class, node.required("kind"));
        String title = node.requiredString("title");
        String clause = node.requiredString("clause");
        Eligibility eligibility = node.has("eligibility") ? eligibility(node.child("eligibility"), kind)
                : Eligibility.ANY;
        RuleBase base = node.has("base") ? base(node.child("base")) : RuleBase.NONE;
        List<Bracket> brackets = brackets(node, parameterNames);
        List<Component> components = components(node, parameterNames);
        Caps caps = node.has("caps") ? caps(node.child("caps")) : Caps.NONE;
        InterestTerms interest = node.has("interest") ? interest(node.child("interest")) : null;

        RuleBase.Measure expected = switch (kind) {
            case TRANSFORMATION, DIAGNOSIS -> RuleBase.Measure.SPEND;
            case PROVIDER -> RuleBase.Measure.SERVICE_FEES;
            case INTEREST -> RuleBase.Measure.INTEREST;
            case CHAIN_CASE -> RuleBase.Measure.NONE;
        };
        if (base.measure() != expected) {
            throw node.fail("base", kind + " rules need base " + switch (expected) {
                case SPEND -> "[<spend categories>]";
                case SERVICE_FEES -> "serviceFees";
                case INTEREST -> "interest";
                case NONE -> "absent (they pay fixed components)";
            });
        }
        if (kind == RuleKind.INTEREST) {
            if (interest == null) {
                throw node.fail("interest", "missing required field for an INTEREST rule");
            }
            if (!brackets.isEmpty() || !components.isEmpty()) {
                throw node.fail("brackets", "INTEREST rules take no brackets or components (the subsidy is the "
                        + "eligible interest itself)");
            }
        } else {
            if (interest != null) {
                throw node.fail("interest", "only INTEREST rules take interest terms");
            }
            if (brackets.isEmpty() && components.isEmpty()) {
                throw node.fail("brackets", "a " + kind + " rule needs brackets or components");
            }
            if (kind == RuleKind.CHAIN_CASE && !brackets.isEmpty()) {
                throw node.fail("brackets", "CHAIN_CASE rules have no base, so no brackets");
            }
        }
        for (int i = 0; i < components.size(); i++) {
            Component c = components.get(i);
            if (c.type() == Component.Type.CATEGORY_RATE && base.measure() != RuleBase.Measure.SPEND) {
                throw node.child("components").items().get(i).fail("type", "CATEGORY_RATE needs a spend base");
            }
        }
        return new PolicyRule(id, kind, title, clause, eligibility, base, brackets, components, caps, interest);
    }

    private static Eligibility eligibility(YamlNode node, RuleKind kind) {
        node.allowOnly("minLevel", "levels", "taskCompleted", "acceptancePassed", "pilotEnterprise", "tracks",
                "minInvestment", "minTotalInvestment", "scale", "industries", "cooperatingBank",
                "chainCaseRecognised");
        Integer minLevel = node.optInt("minLevel");
        if (minLevel != null) {
            level(node.child("minLevel"), minLevel);
        }
        Set<Integer> levels = new LinkedHashSet<>();
        for (YamlNode item : node.optList("levels")) {
            int level;
            try {
                level = Integer.parseInt(item.asString());
            } catch (NumberFormatException e) {
                throw item.fail("expected a level 1-4");
            }
            levels.add(level(item, level));
        }
        if (minLevel != null && !levels.isEmpty()) {
            throw node.fail("levels", "give minLevel or levels, not both");
        }
        Set<EnterpriseScale> scales = new LinkedHashSet<>();
        if (node.has("scale")) {
            YamlNode scale = node.child("scale");
            for (YamlNode item : scale.isList() ? scale.items() : List.of(scale)) {
                scales.add(enumValue(EnterpriseScale.class, item));
            }
        }
        Set<String> industries = strings(node.optList("industries"));
        Set<String> tracks = strings(node.optList("tracks"));
        Boolean cooperatingBank = node.optBool("cooperatingBank");
        if (cooperatingBank != null && kind != RuleKind.INTEREST) {
            throw node.fail("cooperatingBank", "only for INTEREST rules");
        }
        Boolean chain = node.optBool("chainCaseRecognised");
        if (chain != null && kind != RuleKind.CHAIN_CASE) {
            throw node.fail("chainCaseRecognised", "only for CHAIN_CASE rules");
        }
        return new Eligibility(minLevel, levels, node.optBool("taskCompleted"), node.optBool("acceptancePassed"),
                node.optBool("pilotEnterprise"), tracks, amountOrNull(node, "minInvestment"),
                amountOrNull(node, "minTotalInvestment"), scales, industries, cooperatingBank, chain);
    }

    private static int level(YamlNode node, int level) {
        if (level < 1 || level > 4) {
            throw node.fail("digital levels run from 1 to 4, got " + level);
        }
        return level;
    }

    private static Set<String> strings(List<YamlNode> items) {
        Set<String> out = new LinkedHashSet<>();
        for (YamlNode item : items) {
            out.add(item.asString());
        }
        return out;
    }

    private static RuleBase base(YamlNode node) {
        if (node.isScalar()) {
            String s = node.asString();
            return switch (s) {
                case "serviceFees" -> new RuleBase(RuleBase.Measure.SERVICE_FEES, List.of());
                case "interest" -> new RuleBase(RuleBase.Measure.INTEREST, List.of());
                default -> throw node.fail("expected serviceFees, interest or a list of spend categories, got " + s);
            };
        }
        List<SpendCategory> categories = new ArrayList<>();
        for (YamlNode item : node.items()) {
            categories.add(category(item));
        }
        if (categories.isEmpty()) {
            throw node.fail("needs at least one spend category");
        }
        if (new HashSet<>(categories).size() != categories.size()) {
            throw node.fail("lists a category twice");
        }
        return new RuleBase(RuleBase.Measure.SPEND, categories);
    }

    private static SpendCategory category(YamlNode node) {
        String s = node.asString();
        return SpendCategory.fromYamlName(s).orElseThrow(() -> node.fail("unknown spend category " + s
                + " (known: software, cloudServices, dataCollectionDevices, networkEquipment, automationEquipment, "
                + "otherHardware, diagnosis, implementationServices)"));
    }

    private static List<Bracket> brackets(YamlNode rule, Set<String> parameterNames) {
        List<Bracket> out = new ArrayList<>();
        for (YamlNode node : rule.optList("brackets")) {
            node.allowOnly("from", "to", "rate", "rateParameter");
            BigDecimal from = amount(node.required("from"));
            BigDecimal to = node.has("to") ? amount(node.child("to")) : null;
            if (to != null && to.compareTo(from) <= 0) {
                throw node.fail("to", "must be above from (" + from.toPlainString() + ")");
            }
            RateSource rate = rateSource(node, parameterNames);
            if (!out.isEmpty()) {
                Bracket previous = out.get(out.size() - 1);
                if (previous.to() == null || from.compareTo(previous.to()) < 0) {
                    throw node.fail("from", "overlaps the previous bracket (which ends at "
                            + (previous.to() == null ? "infinity" : previous.to().toPlainString()) + ")");
                }
            }
            out.add(new Bracket(from, to, rate.rate, rate.parameter));
        }
        return out;
    }

    private static List<Component> components(YamlNode rule, Set<String> parameterNames) {
        List<Component> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (YamlNode node : rule.optList("components")) {
            Component.Type type = enumValue(Component.Type.class, node.required("type"));
            String id = node.requiredString("id");
            if (!ids.add(id)) {
                throw node.fail("id", "duplicate component id " + id);
            }
            Boolean acceptance = node.optBool("requiresAcceptance");
            Boolean withinCap = node.optBool("withinCap");
            if (withinCap == null) {
                throw node.fail("withinCap", "missing required field (true: counts towards the rule's cap)");
            }
            if (type == Component.Type.CATEGORY_RATE) {
                node.allowOnly("id", "type", "category", "minSpend", "rate", "rateParameter", "requiresAcceptance",
                        "withinCap");
                RateSource rate = rateSource(node, parameterNames);
                out.add(new Component(id, type, category(node.required("category")),
                        amountOrNull(node, "minSpend"), rate.rate, rate.parameter, null,
                        Boolean.TRUE.equals(acceptance), withinCap));
            } else {
                node.allowOnly("id", "type", "amount", "requiresAcceptance", "withinCap");
                out.add(new Component(id, type, null, null, null, null, amount(node.required("amount")),
                        Boolean.TRUE.equals(acceptance), withinCap));
            }
        }
        return out;
    }

    private record RateSource(BigDecimal rate, String parameter) {
    }

    private static RateSource rateSource(YamlNode node, Set<String> parameterNames) {
        boolean hasRate = node.has("rate");
        boolean hasParameter = node.has("rateParameter");
        if (hasRate == hasParameter) {
            throw node.fail("rate", "give exactly one of rate and rateParameter");
        }
        if (hasRate) {
            return new RateSource(rate(node.child("rate")), null);
        }
        String parameter = node.requiredString("rateParameter");
        if (!parameterNames.contains(parameter)) {
            throw node.fail("rateParameter", "no parameter named " + parameter + " under parameters:");
        }
        return new RateSource(null, parameter);
    }

    private static Caps caps(YamlNode node) {
        node.allowOnly("perEnterprise", "perProviderPerYear", "total");
        return new Caps(amountOrNull(node, "perEnterprise"), amountOrNull(node, "perProviderPerYear"),
                amountOrNull(node, "total"));
    }

    private static InterestTerms interest(YamlNode node) {
        node.allowOnly("maxYears", "dayCount", "lpr");
        Integer maxYears = node.optInt("maxYears");
        if (maxYears == null || maxYears < 1) {
            throw node.fail("maxYears", maxYears == null ? "missing required field" : "must be at least 1");
        }
        Integer dayCount = node.optInt("dayCount");
        if (dayCount == null || (dayCount != 360 && dayCount != 365)) {
            throw node.fail("dayCount", dayCount == null ? "missing required field" : "must be 360 or 365");
        }
        YamlNode lpr = node.required("lpr");
        lpr.allowOnly("tenorUpTo5Years", "longer");
        return new InterestTerms(maxYears, dayCount, enumValue(Tenor.class, lpr.required("tenorUpTo5Years")),
                enumValue(Tenor.class, lpr.required("longer")));
    }

    private static BigDecimal amountOrNull(YamlNode node, String key) {
        return node.has(key) ? amount(node.child(key)) : null;
    }

    /** A non-negative amount in yuan with at most 2 decimals, returned with scale 2. */
    static BigDecimal amount(YamlNode node) {
        BigDecimal v = node.asDecimal();
        if (v.signum() < 0) {
            throw node.fail("amount must not be negative");
        }
        if (v.stripTrailingZeros().scale() > 2) {
            throw node.fail("amount has more than 2 decimal places: " + v.toPlainString());
        }
        return v.setScale(Money.SCALE, Money.ROUNDING);
    }

    /** A rate as a fraction in [0, 1]. */
    static BigDecimal rate(YamlNode node) {
        BigDecimal v = node.asDecimal();
        if (v.signum() < 0 || v.compareTo(MAX_RATE) > 0) {
            throw node.fail("rate must be a fraction between 0 and 1 (0.40 = 40%), got " + v.toPlainString());
        }
        return v;
    }

    static LocalDate date(YamlNode node) {
        String s = node.asString();
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw node.fail("expected a date yyyy-MM-dd, got " + s);
        }
    }

    static <E extends Enum<E>> E enumValue(Class<E> type, YamlNode node) {
        String s = node.asString();
        try {
            return Enum.valueOf(type, s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder known = new StringBuilder();
            for (E c : type.getEnumConstants()) {
                known.append(known.length() == 0 ? "" : ", ").append(c.name());
            }
            throw node.fail("unknown value " + s + " (known: " + known + ")");
        }
    }
}
