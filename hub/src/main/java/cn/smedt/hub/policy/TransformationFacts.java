package cn.smedt.hub.policy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the engine knows about one enterprise's transformation project when it decides transformation and diagnosis
 * subsidies.
 *
 * @param uscc             统一社会信用代码 of the enterprise (validated elsewhere; recorded only)
 * @param regionCode       county-level region the enterprise belongs to
 * @param industryCode     industry code (Zhejiang catalogue, a city's pilot industry id, or a pack's local id)
 * @param scale            规上 / 规下; null when unknown (fails any scale condition)
 * @param level            digital level 1-4 assessed after the transformation by a qualified body; null = not assessed
 * @param taskCompleted    the transformation task is completed (完成数字化改造任务)
 * @param acceptancePassed the project passed acceptance (验收)
 * @param totalInvestment  total investment the enterprise declared for the project, yuan (>= 0)
 * @param spend            audited actual spend per category, yuan (>= 0); absent categories count as 0
 * @param providerId       the general contractor / integrator, if any (recorded only)
 * @param acceptedOn       acceptance date, if accepted: outside the policy's effective dates, every rule decides
 *                         0 with {@code policy-not-in-force}
 * @param pilotEnterprise  the enterprise is in the programme's pilot list / project library (试点企业)
 * @param track            programme track the project was filed under (e.g. {@code intermediate-factory-pilot}); null = none
 */
public record TransformationFacts(String uscc, String regionCode, String industryCode, EnterpriseScale scale,
                                  Integer level, boolean taskCompleted, boolean acceptancePassed,
                                  BigDecimal totalInvestment, Map<SpendCategory, BigDecimal> spend,
                                  String providerId, LocalDate acceptedOn, boolean pilotEnterprise, String track) {

    public TransformationFacts {
        Objects.requireNonNull(uscc, "uscc");
        Objects.requireNonNull(regionCode, "regionCode");
        if (level != null && (level < 1 || level > 4)) {
            throw new InvalidFactsException("level", "digital levels run from 1 to 4, got " + level);
        }
        if (totalInvestment != null && totalInvestment.signum() < 0) {
            throw new InvalidFactsException("totalInvestment", "must not be negative");
        }
        EnumMap<SpendCategory, BigDecimal> copy = new EnumMap<>(SpendCategory.class);
        if (spend != null) {
            spend.forEach((category, amount) -> {
                if (category == null || amount == null || amount.signum() < 0) {
                    throw new InvalidFactsException("spend", "every category needs a non-negative amount: "
                            + category + "=" + amount);
                }
                copy.put(category, amount);
            });
        }
        spend = Collections.unmodifiableMap(copy);
    }

    /** Spend of one category as money (0 when absent). */
    public Money spendOf(SpendCategory category) {
        BigDecimal amount = spend.get(category);
        return amount == null ? Money.ZERO : Money.of(amount);
    }

    /**
     * The facts of one project over its passed stages (acceptances), for caps, brackets and one-time rewards that
     * apply per project: spend and declared total investment added up over the stages; level, dates, track,
     * provider and the enterprise's data of the last stage (the one being decided). A project's diagnosis cost counts
     * as its {@code diagnosis} spend when no stage lists one (the stages' audited amounts win, never both).
     *
     * @param stages        the project's passed stages, the one being decided last (not empty)
     * @param diagnosisCost the diagnosis cost attached to the project; null when none
     */
    public static TransformationFacts ofStages(List<TransformationFacts> stages, BigDecimal diagnosisCost) {
        if (stages.isEmpty()) {
            throw new InvalidFactsException("stages", "a project is decided over at least one stage");
        }
        TransformationFacts last = stages.get(stages.size() - 1);
        Map<SpendCategory, BigDecimal> spend = new EnumMap<>(SpendCategory.class);
        BigDecimal total = null;
        for (TransformationFacts stage : stages) {
            stage.spend().forEach((category, amount) -> spend.merge(category, amount, BigDecimal::add));
            if (stage.totalInvestment() != null) {
                total = total == null ? stage.totalInvestment() : total.add(stage.totalInvestment());
            }
        }
        if (diagnosisCost != null && !spend.containsKey(SpendCategory.DIAGNOSIS)) {
            spend.put(SpendCategory.DIAGNOSIS, diagnosisCost);
            total = total == null ? null : total.add(diagnosisCost);
        }
        return new TransformationFacts(last.uscc(), last.regionCode(), last.industryCode(), last.scale(), last.level(),
                last.taskCompleted(), last.acceptancePassed(), total, spend, last.providerId(), last.acceptedOn(),
                last.pilotEnterprise(), last.track());
    }

    /** A builder, for callers assembling facts from several records. */
    public static Builder builder(String uscc, String regionCode) {
        return new Builder(uscc, regionCode);
    }

    /** Builder of {@link TransformationFacts}; every field but uscc and region is optional. */
    public static final class Builder {
        private final String uscc;
        private final String regionCode;
        private String industryCode;
        private EnterpriseScale scale;
        private Integer level;
        private boolean taskCompleted;
        private boolean acceptancePassed;
        private BigDecimal totalInvestment;
        private final Map<SpendCategory, BigDecimal> spend = new EnumMap<>(SpendCategory.class);
        private String providerId;
        private LocalDate acceptedOn;
        private boolean pilotEnterprise;
        private String track;

        private Builder(String uscc, String regionCode) {
            this.uscc = uscc;
            this.regionCode = regionCode;
        }

        public Builder industry(String code) {
            this.industryCode = code;
            return this;
        }

        public Builder scale(EnterpriseScale value) {
            this.scale = value;
            return this;
        }

        public Builder level(Integer value) {
            this.level = value;
            return this;
        }

        public Builder taskCompleted(boolean value) {
            this.taskCompleted = value;
            return this;
        }

        public Builder acceptancePassed(boolean value) {
            this.acceptancePassed = value;
            return this;
        }

        public Builder totalInvestment(String yuan) {
            this.totalInvestment = new BigDecimal(yuan);
            return this;
        }

        /** Sets one category's spend (yuan, plain decimal text such as {@code "120000.00"}). */
        public Builder spend(SpendCategory category, String yuan) {
            this.spend.put(category, new BigDecimal(yuan));
            return this;
        }

        public Builder provider(String id) {
            this.providerId = id;
            return this;
        }

        public Builder acceptedOn(LocalDate date) {
            this.acceptedOn = date;
            return this;
        }

        public Builder pilotEnterprise(boolean value) {
            this.pilotEnterprise = value;
            return this;
        }

        public Builder track(String value) {
            this.track = value;
            return this;
        }

        public TransformationFacts build() {
            return new TransformationFacts(uscc, regionCode, industryCode, scale, level, taskCompleted,
                    acceptancePassed, totalInvestment, spend, providerId, acceptedOn, pilotEnterprise, track);
        }
    }
}
