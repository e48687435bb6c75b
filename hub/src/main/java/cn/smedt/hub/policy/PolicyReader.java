package cn.smedt.hub.policy;

import cn.smedt.hub.packs.PackDefinitionException;
import cn.smedt.hub.packs.PackYaml;
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
 * Reads and validates one {@code policy.yaml} (schema in docs/policies.md): Jackson YAML binds it into
 * {@link PolicyFile} ({@link PackYaml}: unknown keys, duplicate keys and values of the wrong type are refused there),
 * then this class checks the rest. Strict: missing fields, malformed amounts or rates, overlapping or unordered
 * brackets, undefined parameters and fields that do not fit the rule's kind all raise
 * {@link PolicyDefinitionException} naming the file, the field and the line.
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
        PackYaml.Bound<PolicyFile> document = bind(in, origin, PolicyFile.class);
        PolicyFile file = document.value();
        At root = new At(document, "");
        String id = root.required("id", file.id());
        String version = root.required("version", file.version());
        String region = root.required("region", file.region());
        String name = root.required("name", file.name());
        String currency = root.required("currency", file.currency());
        if (!"CNY".equals(currency)) {
            throw root.fail("currency", "only CNY is supported, got " + currency);
        }
        String source = root.required("source", file.source());
        LocalDate effectiveFrom = file.effectiveFrom() == null ? null
                : date(root.child("effectiveFrom"), file.effectiveFrom());
        LocalDate effectiveTo = file.effectiveTo() == null ? null
                : date(root.child("effectiveTo"), file.effectiveTo());
        if (effectiveFrom != null && effectiveTo != null && effectiveTo.isBefore(effectiveFrom)) {
            throw root.fail("effectiveTo", "is before effectiveFrom " + effectiveFrom);
        }

        Map<String, PolicyParameter> parameters = new LinkedHashMap<>();
        if (file.parameters() != null) {
            file.parameters().forEach((key, parameter) -> parameters.put(key,
                    parameter(key, root.child("parameters").child(key), parameter)));
        }
        if (file.rules() == null) {
            throw root.fail("rules", "missing required field");
        }
        if (file.rules().isEmpty()) {
            throw root.fail("rules", "a policy needs at least one rule");
        }
        List<PolicyRule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < file.rules().size(); i++) {
            PolicyFile.Rule ruleFile = file.rules().get(i);
            At at = root.child("rules").item(i).mapping(ruleFile);
            PolicyRule rule = rule(at, ruleFile, parameters.keySet());
            if (!ids.add(rule.id())) {
                throw at.fail("id", "duplicate rule id " + rule.id());
            }
            rules.add(rule);
        }
        if (rules.stream().filter(r -> r.kind() == RuleKind.INTEREST).count() > 1) {
            throw root.fail("rules", "at most one INTEREST rule per policy");
        }
        ProjectRules projects = projects(root, file.projects());
        List<Policy> amendments = amendments(root, file, new Policy(id, version, region, name, currency, source,
                effectiveFrom, effectiveTo, parameters, rules, origin, List.of(), projects));
        LocalDate firstEnds = amendments.isEmpty() ? effectiveTo : amendments.get(0).effectiveFrom().minusDays(1);
        return new Policy(id, version, region, name, currency, source, effectiveFrom, firstEnds, parameters, rules,
                origin, amendments, projects);
    }

    /** The {@code projects} section: {@code secondProject} ALLOWED or REFUSED (required there), its {@code clause}. */
    private static ProjectRules projects(At root, PolicyFile.Projects projects) {
        if (projects == null) {
            return ProjectRules.ONE_PER_ENTERPRISE;
        }
        At at = root.child("projects");
        String second = at.required("secondProject", projects.secondProject());
        if (!"ALLOWED".equals(second) && !"REFUSED".equals(second)) {
            throw at.fail("secondProject", "must be ALLOWED or REFUSED, got " + second);
        }
        return new ProjectRules("ALLOWED".equals(second), at.required("clause", projects.clause()));
    }

    /**
     * The later versions of the policy: each starts from the version before it, sets the parameters and replaces
     * (same id) or adds the rules it names, applies from its {@code effectiveFrom} (after the version before began,
     * within the policy's {@code effectiveTo}) and ends the day before the next one (the last: the policy's end).
     */
    private static List<Policy> amendments(At root, PolicyFile file, Policy first) {
        List<Policy> versions = new ArrayList<>();
        if (file.amendments() == null) {
            return versions;
        }
        Set<String> versionNames = new HashSet<>(Set.of(first.version()));
        Policy before = first;
        for (int i = 0; i < file.amendments().size(); i++) {
            PolicyFile.Amendment amendment = file.amendments().get(i);
            At at = root.child("amendments").item(i).mapping(amendment);
            String version = at.required("version", amendment.version());
            if (!versionNames.add(version)) {
                throw at.fail("version", "version " + version + " is already used by an earlier version");
            }
            LocalDate from = date(at.child("effectiveFrom"), at.present("effectiveFrom", amendment.effectiveFrom()));
            LocalDate beforeFrom = before.effectiveFrom();
            if (beforeFrom != null && !from.isAfter(beforeFrom)) {
                throw at.fail("effectiveFrom", "must be after " + beforeFrom + ", when version "
                        + before.version() + " began");
            }
            if (first.effectiveTo() != null && from.isAfter(first.effectiveTo())) {
                throw at.fail("effectiveFrom", "is after the policy's effectiveTo " + first.effectiveTo());
            }
            Map<String, PolicyParameter> parameters = new LinkedHashMap<>(before.parameters());
            if (amendment.parameters() != null) {
                amendment.parameters().forEach((key, parameter) -> parameters.put(key,
                        parameter(key, at.child("parameters").child(key), parameter)));
            }
            List<PolicyRule> rules = new ArrayList<>(before.rules());
            if (amendment.rules() != null) {
                for (int r = 0; r < amendment.rules().size(); r++) {
                    PolicyFile.Rule ruleFile = amendment.rules().get(r);
                    PolicyRule rule = rule(at.child("rules").item(r).mapping(ruleFile), ruleFile,
                            parameters.keySet());
                    int same = indexOf(rules, rule.id());
                    if (same >= 0) {
                        rules.set(same, rule);
                    } else {
                        rules.add(rule);
                    }
                }
            }
            if (rules.stream().filter(r -> r.kind() == RuleKind.INTEREST).count() > 1) {
                throw at.fail("rules", "at most one INTEREST rule per policy");
            }
            String source = amendment.source() == null ? first.source() : amendment.source();
            Policy next = new Policy(first.id(), version, first.region(), first.name(), first.currency(), source,
                    from, first.effectiveTo(), parameters, rules, first.origin(), List.of(), first.projects());
            if (!versions.isEmpty()) {
                Policy previous = versions.remove(versions.size() - 1);
                versions.add(new Policy(previous.id(), previous.version(), previous.region(), previous.name(),
                        previous.currency(), previous.source(), previous.effectiveFrom(), from.minusDays(1),
                        previous.parameters(), previous.rules(), previous.origin(), List.of(), previous.projects()));
            }
            versions.add(next);
            before = next;
        }
        return versions;
    }

    private static int indexOf(List<PolicyRule> rules, String ruleId) {
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).id().equals(ruleId)) {
                return i;
            }
        }
        return -1;
    }

    /** Binds a policy or LPR file, its binding problems as {@link PolicyDefinitionException}. */
    static <T> PackYaml.Bound<T> bind(InputStream in, String origin, Class<T> type) {
        try {
            return PackYaml.read(in, origin, type);
        } catch (PackDefinitionException e) {
            throw new PolicyDefinitionException(e);
        }
    }

    private static PolicyParameter parameter(String key, At node, PolicyFile.Parameter parameter) {
        node.mapping(parameter);
        BigDecimal value = rate(node.child("value"), node.present("value", parameter.value()));
        if (parameter.confirmed() == null) {
            throw node.fail("confirmed", "missing required field (say false until an operator has checked the value)");
        }
        return new PolicyParameter(key, value, parameter.confirmed(),
                node.required("description", parameter.description()));
    }

    private static PolicyRule rule(At node, PolicyFile.Rule rule, Set<String> parameterNames) {
        String id = node.required("id", rule.id());
        RuleKind kind = enumValue(RuleKind.class, node.child("kind"), node.present("kind", rule.kind()));
        String title = node.required("title", rule.title());
        String clause = node.required("clause", rule.clause());
        Eligibility eligibility = rule.eligibility() != null
                ? eligibility(node.child("eligibility"), rule.eligibility(), kind)
                : Eligibility.ANY;
        RuleBase base = rule.base() != null ? base(node.child("base"), rule.base()) : RuleBase.NONE;
        List<Bracket> brackets = brackets(node, rule.brackets(), parameterNames);
        List<Component> components = components(node, rule.components(), parameterNames);
        Caps caps = rule.caps() != null ? caps(node.child("caps"), rule.caps()) : Caps.NONE;
        InterestTerms interest = rule.interest() != null
                ? interest(node.child("interest"), rule.interest()) : null;

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
                PolicyFile.Component written = rule.components().get(i);
                throw node.child("components").item(i).fail("type", "CATEGORY_RATE needs a spend base");
            }
        }
        return new PolicyRule(id, kind, title, clause, eligibility, base, brackets, components, caps, interest);
    }

    private static Eligibility eligibility(At node, PolicyFile.Eligibility e, RuleKind kind) {
        Integer minLevel = e.minLevel();
        if (minLevel != null) {
            level(node.child("minLevel"), minLevel);
        }
        Set<Integer> levels = new LinkedHashSet<>();
        List<String> levelItems = e.levels() == null ? List.of() : e.levels();
        for (int i = 0; i < levelItems.size(); i++) {
            At item = node.child("levels").item(i);
            int level;
            try {
                level = Integer.parseInt(item.text(levelItems.get(i)));
            } catch (NumberFormatException notANumber) {
                throw item.fail("expected a level 1-4");
            }
            levels.add(level(item, level));
        }
        if (minLevel != null && !levels.isEmpty()) {
            throw node.fail("levels", "give minLevel or levels, not both");
        }
        Set<EnterpriseScale> scales = new LinkedHashSet<>();
        if (e.scale() != null) {
            At scale = node.child("scale");
            if (e.scale() instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    scales.add(enumValue(EnterpriseScale.class, scale.item(i), list.get(i)));
                }
            } else {
                scales.add(enumValue(EnterpriseScale.class, scale, e.scale()));
            }
        }
        Set<String> industries = strings(node.child("industries"), e.industries());
        Set<String> tracks = strings(node.child("tracks"), e.tracks());
        if (e.cooperatingBank() != null && kind != RuleKind.INTEREST) {
            throw node.fail("cooperatingBank", "only for INTEREST rules");
        }
        if (e.chainCaseRecognised() != null && kind != RuleKind.CHAIN_CASE) {
            throw node.fail("chainCaseRecognised", "only for CHAIN_CASE rules");
        }
        return new Eligibility(minLevel, levels, e.taskCompleted(), e.acceptancePassed(), e.pilotEnterprise(), tracks,
                amountOrNull(node.child("minInvestment"), e.minInvestment()),
                amountOrNull(node.child("minTotalInvestment"), e.minTotalInvestment()), scales, industries,
                e.cooperatingBank(), e.chainCaseRecognised());
    }

    private static int level(At node, int level) {
        if (level < 1 || level > 4) {
            throw node.fail("digital levels run from 1 to 4, got " + level);
        }
        return level;
    }

    private static Set<String> strings(At list, List<String> items) {
        Set<String> out = new LinkedHashSet<>();
        if (items != null) {
            for (int i = 0; i < items.size(); i++) {
                out.add(list.item(i).text(items.get(i)));
            }
        }
        return out;
    }

    private static RuleBase base(At node, Object base) {
        if (!(base instanceof List<?> items)) {
            String s = node.text(base);
            return switch (s) {
                case "serviceFees" -> new RuleBase(RuleBase.Measure.SERVICE_FEES, List.of());
                case "interest" -> new RuleBase(RuleBase.Measure.INTEREST, List.of());
                default -> throw node.fail("expected serviceFees, interest or a list of spend categories, got " + s);
            };
        }
        List<SpendCategory> categories = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            categories.add(category(node.item(i), items.get(i)));
        }
        if (categories.isEmpty()) {
            throw node.fail("needs at least one spend category");
        }
        if (new HashSet<>(categories).size() != categories.size()) {
            throw node.fail("lists a category twice");
        }
        return new RuleBase(RuleBase.Measure.SPEND, categories);
    }

    private static SpendCategory category(At node, Object value) {
        String s = node.text(value);
        return SpendCategory.fromYamlName(s).orElseThrow(() -> node.fail("unknown spend category " + s
                + " (known: software, cloudServices, dataCollectionDevices, networkEquipment, automationEquipment, "
                + "otherHardware, diagnosis, implementationServices)"));
    }

    private static List<Bracket> brackets(At rule, List<PolicyFile.Bracket> written, Set<String> parameterNames) {
        List<Bracket> out = new ArrayList<>();
        for (int i = 0; written != null && i < written.size(); i++) {
            PolicyFile.Bracket b = written.get(i);
            At node = rule.child("brackets").item(i).mapping(b);
            BigDecimal from = amount(node.child("from"), node.present("from", b.from()));
            BigDecimal to = b.to() != null ? amount(node.child("to"), b.to()) : null;
            if (to != null && to.compareTo(from) <= 0) {
                throw node.fail("to", "must be above from (" + from.toPlainString() + ")");
            }
            RateSource rate = rateSource(node, b.rate(), b.rateParameter(), b, parameterNames);
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

    private static List<Component> components(At rule, List<PolicyFile.Component> written,
                                               Set<String> parameterNames) {
        List<Component> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; written != null && i < written.size(); i++) {
            PolicyFile.Component c = written.get(i);
            At node = rule.child("components").item(i).mapping(c);
            Component.Type type = enumValue(Component.Type.class, node.child("type"), node.present("type", c.type()));
            String id = node.required("id", c.id());
            if (!ids.add(id)) {
                throw node.fail("id", "duplicate component id " + id);
            }
            if (c.withinCap() == null) {
                throw node.fail("withinCap", "missing required field (true: counts towards the rule's cap)");
            }
            boolean acceptance = Boolean.TRUE.equals(c.requiresAcceptance());
            if (type == Component.Type.CATEGORY_RATE) {
                node.allowOnly(c.amount() == null ? null : "amount", "id, type, category, minSpend, rate, "
                        + "rateParameter, requiresAcceptance, withinCap");
                RateSource rate = rateSource(node, c.rate(), c.rateParameter(), c, parameterNames);
                out.add(new Component(id, type, category(node.child("category"), node.present("category",
                        c.category())), amountOrNull(node.child("minSpend"), c.minSpend()), rate.rate,
                        rate.parameter, null, acceptance, c.withinCap()));
            } else {
                String extra = c.category() != null ? "category" : c.minSpend() != null ? "minSpend"
                        : c.rate() != null ? "rate" : c.rateParameter() != null ? "rateParameter" : null;
                node.allowOnly(extra, "id, type, amount, requiresAcceptance, withinCap");
                out.add(new Component(id, type, null, null, null, null,
                        amount(node.child("amount"), node.present("amount", c.amount())), acceptance,
                        c.withinCap()));
            }
        }
        return out;
    }

    private record RateSource(BigDecimal rate, String parameter) {
    }

    private static RateSource rateSource(At node, BigDecimal rate, String parameter, Object record,
                                         Set<String> parameterNames) {
        if ((rate != null) == (parameter != null)) {
            throw node.fail("rate", "give exactly one of rate and rateParameter");
        }
        if (rate != null) {
            return new RateSource(rate(node.child("rate"), rate), null);
        }
        String name = node.required("rateParameter", parameter);
        if (!parameterNames.contains(name)) {
            throw node.fail("rateParameter", "no parameter named " + name + " under parameters:");
        }
        return new RateSource(null, name);
    }

    private static Caps caps(At node, PolicyFile.Caps caps) {
        return new Caps(amountOrNull(node.child("perEnterprise"), caps.perEnterprise()),
                amountOrNull(node.child("perProviderPerYear"), caps.perProviderPerYear()),
                amountOrNull(node.child("total"), caps.total()));
    }

    private static InterestTerms interest(At node, PolicyFile.Interest interest) {
        Integer maxYears = interest.maxYears();
        if (maxYears == null || maxYears < 1) {
            throw node.fail("maxYears", maxYears == null ? "missing required field" : "must be at least 1");
        }
        Integer dayCount = interest.dayCount();
        if (dayCount == null || (dayCount != 360 && dayCount != 365)) {
            throw node.fail("dayCount", dayCount == null ? "missing required field" : "must be 360 or 365");
        }
        PolicyFile.Lpr lpr = interest.lpr();
        if (lpr == null) {
            throw node.fail("lpr", "missing required field");
        }
        At lprNode = node.child("lpr");
        return new InterestTerms(maxYears, dayCount,
                enumValue(Tenor.class, lprNode.child("tenorUpTo5Years"),
                        lprNode.present("tenorUpTo5Years", lpr.tenorUpTo5Years())),
                enumValue(Tenor.class, lprNode.child("longer"), lprNode.present("longer", lpr.longer())));
    }

    private static BigDecimal amountOrNull(At node, BigDecimal value) {
        return value != null ? amount(node, value) : null;
    }

    /** A non-negative amount in yuan with at most 2 decimals, returned with scale 2. */
    static BigDecimal amount(At node, BigDecimal v) {
        if (v.signum() < 0) {
            throw node.fail("amount must not be negative");
        }
        if (v.stripTrailingZeros().scale() > 2) {
            throw node.fail("amount has more than 2 decimal places: " + v.toPlainString());
        }
        return v.setScale(Money.SCALE, Money.ROUNDING);
    }

    /** A rate as a fraction in [0, 1]. */
    static BigDecimal rate(At node, BigDecimal v) {
        if (v.signum() < 0 || v.compareTo(MAX_RATE) > 0) {
            throw node.fail("rate must be a fraction between 0 and 1 (0.40 = 40%), got " + v.toPlainString());
        }
        return v;
    }

    static LocalDate date(At node, String value) {
        String s = node.text(value);
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw node.fail("expected a date yyyy-MM-dd, got " + s);
        }
    }

    static <E extends Enum<E>> E enumValue(Class<E> type, At node, Object value) {
        String s = node.text(value);
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

    /**
     * Where a value sits in the bound document: its field path ({@code rules[1].brackets[0]}), whose line the
     * messages name.
     *
     * @param document the bound document
     * @param path     field path; empty at the root
     */
    record At(PackYaml.Bound<?> document, String path) {

        At child(String key) {
            return new At(document, path.isEmpty() ? key : path + "." + key);
        }

        At item(int index) {
            return new At(document, path + "[" + index + "]");
        }

        /** This node, which must be a mapping (a list item may be empty). */
        At mapping(Object value) {
            if (value == null) {
                throw fail("expected a mapping");
            }
            return this;
        }

        PolicyDefinitionException fail(String problem) {
            return new PolicyDefinitionException(document.file(), path, problem + document.atLine(path));
        }

        PolicyDefinitionException fail(String key, String problem) {
            return child(key).fail(problem);
        }

        /** Refuses {@code key} (null: none) as not among {@code allowed}. */
        void allowOnly(String key, String allowed) {
            if (key != null) {
                throw fail(key, "unknown key (allowed here: " + allowed + ")");
            }
        }

        /** A field's value, which must be present. */
        <T> T present(String key, T value) {
            if (value == null) {
                throw fail(key, "missing required field");
            }
            return value;
        }

        /** A required text field. */
        String required(String key, String value) {
            return child(key).text(present(key, value));
        }

        /** This node's value as non-empty text. */
        String text(Object value) {
            if (value == null || value instanceof Map || value instanceof List) {
                throw fail("expected a text value");
            }
            String s = String.valueOf(value).trim();
            if (s.isEmpty()) {
                throw fail("must not be empty");
            }
            return s;
        }
    }
}
