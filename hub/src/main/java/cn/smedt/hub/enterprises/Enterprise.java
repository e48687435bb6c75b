package cn.smedt.hub.enterprises;

import java.time.Instant;
import java.util.List;

/**
 * A manufacturer in a programme, as registered by a government platform or a county connector.
 *
 * @param uscc          统一社会信用代码, validated with its check character
 * @param name          registered name
 * @param regionCode    county-level region the enterprise (and all its records) belongs to
 * @param industryCode  sub-industry (Zhejiang catalogue or a city's pilot industry id)
 * @param scale         ABOVE_DESIGNATED_SIZE (规上) or BELOW_DESIGNATED_SIZE (规下)
 * @param tags          SPECIALISED_SME (专精特新), LITTLE_GIANT (小巨人), INNOVATIVE_SME
 * @param pilot         in the programme's project library (试点/改造企业)
 * @param pilotBatch    batch of the pilot list, if any
 * @param registeredBy  partner id that registered it
 * @param registeredAt  first registration
 * @param updatedAt     last change
 */
public record Enterprise(String uscc, String name, String regionCode, String industryCode, String scale,
                         List<String> tags, boolean pilot, String pilotBatch, String registeredBy,
                         Instant registeredAt, Instant updatedAt) {

    /** Same registration data, ignoring who registered it and when. */
    boolean sameDataAs(Enterprise other) {
        return uscc.equals(other.uscc) && name.equals(other.name) && regionCode.equals(other.regionCode)
                && industryCode.equals(other.industryCode) && scale.equals(other.scale) && tags.equals(other.tags)
                && pilot == other.pilot && java.util.Objects.equals(pilotBatch, other.pilotBatch);
    }
}
