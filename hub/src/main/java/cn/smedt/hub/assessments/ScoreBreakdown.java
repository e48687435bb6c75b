package cn.smedt.hub.assessments;

import cn.smedt.hub.kernel.FieldError;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The scored part of an assessment by the MIIT 2024 index (中小企业数字化水平评测指标), 100 points: foundation 50
 * (equipment and systems 20, data collection 10, information systems 10, security 10), management 30, effect 20.
 * The ranges are the contract's; this record adds what a JSON schema cannot say: at most 2 decimals per score, and
 * the parts add up exactly to the total. Scores have scale 2.
 *
 * @param equipmentAndSystems 设备系统 (0-20)
 * @param dataCollection      数据采集 (0-10)
 * @param informationSystems  信息系统 (0-10)
 * @param security            信息安全 (0-10)
 * @param management          经营管理 (0-30)
 * @param effect              成效 (0-20)
 * @param total               total score (0-100), equal to the sum of the six parts
 */
public record ScoreBreakdown(BigDecimal equipmentAndSystems, BigDecimal dataCollection, BigDecimal informationSystems,
                             BigDecimal security, BigDecimal management, BigDecimal effect, BigDecimal total) {

    /** Decimals a score may have. */
    static final int MAX_DECIMALS = 2;

    /** JSON names of the six parts, in the order they add up. */
    static final List<String> PARTS = List.of("equipmentAndSystems", "dataCollection", "informationSystems",
            "security", "management", "effect");

    /**
     * Reads the contract-checked {@code scores} object.
     *
     * @param scores  the object with the seven numbers (ranges already checked by the contract)
     * @param pointer JSON pointer of the object in the request, e.g. {@code /scores}
     * @throws ProblemException validation-failed ({@code field-precision}) when a score has more than 2 decimals
     */
    static ScoreBreakdown read(JsonNode scores, String pointer) {
        BigDecimal[] values = new BigDecimal[PARTS.size() + 1];
        for (int i = 0; i <= PARTS.size(); i++) {
            values[i] = scores.path(i < PARTS.size() ? PARTS.get(i) : "total").decimalValue();
        }
        return checked(values, pointer);
    }

    /** The {@code scores} of a submission as bound into its request model; see {@link #read}. */
    static ScoreBreakdown of(cn.smedt.api.model.ScoreBreakdown scores, String pointer) {
        return checked(new BigDecimal[] {scores.getEquipmentAndSystems(), scores.getDataCollection(),
                scores.getInformationSystems(), scores.getSecurity(), scores.getManagement(), scores.getEffect(),
                scores.getTotal()}, pointer);
    }

    private static ScoreBreakdown checked(BigDecimal[] values, String pointer) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i <= PARTS.size(); i++) {
            String name = i < PARTS.size() ? PARTS.get(i) : "total";
            BigDecimal value = values[i];
            if (value.stripTrailingZeros().scale() > MAX_DECIMALS) {
                errors.add(new FieldError("field-precision", pointer + "/" + name, value.toPlainString()
                        + " has more than " + MAX_DECIMALS + " decimals"));
                values[i] = value;
            } else {
                values[i] = value.setScale(MAX_DECIMALS);
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemCode.VALIDATION_FAILED, errors.size() == 1 ? errors.get(0).detail()
                    : errors.size() + " scores have more than " + MAX_DECIMALS + " decimals", errors);
        }
        return new ScoreBreakdown(values[0], values[1], values[2], values[3], values[4], values[5], values[6]);
    }

    /** Sum of the six parts. */
    BigDecimal partsSum() {
        return equipmentAndSystems.add(dataCollection).add(informationSystems).add(security).add(management)
                .add(effect);
    }

    /** Foundation (基础) subtotal: equipment and systems + data collection + information systems + security. */
    BigDecimal foundation() {
        return equipmentAndSystems.add(dataCollection).add(informationSystems).add(security);
    }

    /** Why the parts do not add up to the total, or empty when they do (exactly: no tolerance). */
    Optional<String> inconsistency() {
        BigDecimal sum = partsSum();
        if (sum.compareTo(total) == 0) {
            return Optional.empty();
        }
        return Optional.of("the parts add up to " + sum.toPlainString() + " (foundation " + foundation().toPlainString()
                + " = " + equipmentAndSystems.toPlainString() + " + " + dataCollection.toPlainString() + " + "
                + informationSystems.toPlainString() + " + " + security.toPlainString() + ", management "
                + management.toPlainString() + ", effect " + effect.toPlainString() + ") but total is "
                + total.toPlainString());
    }

    /** Refuses a breakdown whose parts do not add up, pointing at the total. */
    void requireConsistent(String pointer) {
        inconsistency().ifPresent(why -> {
            throw ProblemException.field(ProblemCode.SCORES_INCONSISTENT, pointer + "/total", why);
        });
    }

    /** Same scores, whatever their scale. */
    boolean sameAs(ScoreBreakdown other) {
        return equipmentAndSystems.compareTo(other.equipmentAndSystems) == 0
                && dataCollection.compareTo(other.dataCollection) == 0
                && informationSystems.compareTo(other.informationSystems) == 0
                && security.compareTo(other.security) == 0 && management.compareTo(other.management) == 0
                && effect.compareTo(other.effect) == 0 && total.compareTo(other.total) == 0;
    }
}
