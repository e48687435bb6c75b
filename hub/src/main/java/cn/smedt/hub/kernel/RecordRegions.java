package cn.smedt.hub.kernel;

import cn.smedt.api.contract.ContractOperation;
import cn.smedt.api.contract.RegionRule;
import cn.smedt.api.identifiers.Uscc;
import cn.smedt.hub.regions.RegionDirectory;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The region rule of the partner API, in one place: where a record's region is read from ({@code x-region} of its
 * operation), resolved once per call, and what a partner may do there. The gateway resolves it for every write
 * (the federation routes by it), a batch line the same way ({@link PartnerRequests#line}); the handler gets the
 * result in its {@link PartnerRequest}. For a record that names an enterprise ({@code enterpriseOf}) the rule is, in
 * this order: a valid USCC ({@code uscc-invalid}), registered within the partner's regions
 * ({@code enterprise-not-registered}) and, where the handler needs it, a pilot enterprise
 * ({@code enterprise-not-in-pilot-list}), each at the pointer of the USCC. An enterprise registered outside the
 * partner's regions gets exactly the answer of one that is not registered (the reads answer both with a plain
 * {@code enterprise-not-found}): a refusal never tells a partner where, or whether, an enterprise it may not see is
 * registered. A record with a region field of its own ({@code pointer}) outside the partner's regions is refused with
 * {@code region-denied}, naming only that field's value, which the partner sent.
 */
@Component
public class RecordRegions {

    /** The 18 hex digits of {@link #newRecordId}. */
    private static final RecordIds REGIONAL_IDS = new RecordIds(18);

    private final RegionDirectory regions;
    private final EnterpriseRegionLookup enterprises;

    RecordRegions(RegionDirectory regions, EnterpriseRegionLookup enterprises) {
        this.regions = regions;
        this.enterprises = enterprises;
    }

    /**
     * The region of the record in {@code body}, empty when the operation has no {@code x-region} or no JSON body.
     * An enterprise that is not registered lies in the region of its USCC's registration-authority digits
     * (characters 3-8), so the federation can still route it to the node that may know it.
     */
    public Optional<RecordRegion> of(ContractOperation operation, JsonNode body) {
        RegionRule rule = operation.regionRule();
        if (rule == null) {
            return Optional.empty();
        }
        if (rule.recordIdParam() != null) {
            return ofRecordId(operation.pathParams().get(rule.recordIdParam()), rule.recordIdParam());
        }
        if (rule.enterpriseUsccParam() != null) {
            String uscc = operation.pathParams().get(rule.enterpriseUsccParam());
            return uscc == null || !Uscc.isValid(uscc) ? Optional.empty()
                    : Optional.of(ofEnterprise(uscc, rule.enterpriseUsccParam(), true));
        }
        if (body == null || body.isMissingNode()) {
            return Optional.empty();
        }
        if (rule.regionPointer() != null) {
            return Optional.of(new RecordRegion(body.at(rule.regionPointer()).asText(), rule.regionPointer(), null,
                    null, false));
        }
        if (rule.enterpriseUsccPointer() != null) {
            return Optional.of(ofEnterprise(body.at(rule.enterpriseUsccPointer()).asText(),
                    rule.enterpriseUsccPointer(), false));
        }
        return Optional.empty();
    }

    private RecordRegion ofEnterprise(String uscc, String pointer, boolean inPath) {
        RegisteredEnterprise enterprise = enterprises.registered(uscc, pointer).orElse(null);
        String region = enterprise != null ? enterprise.regionCode()
                : Uscc.isValid(uscc) ? uscc.substring(2, 8) : "";
        return new RecordRegion(region, pointer, uscc, enterprise, inPath);
    }

    /**
     * A new hub record id that carries its record's region, so that a federation node routes calls about the record
     * to the node that holds it (x-region {@code recordId}): the two-letter {@code prefix} (LN loan, AC acceptance, BJ
     * batch job, CN consent), the 6-digit region code (000000 for a code of another form), 18 hex digits; it stays
     * within the contracts' {@code ^XX[0-9a-f]{24}$}. The hex digits are in the order the records are made
     * ({@link RecordIds}).
     */
    public static String newRecordId(String prefix, String regionCode) {
        boolean sixDigits = regionCode != null && regionCode.length() == 6
                && regionCode.chars().allMatch(c -> c >= '0' && c <= '9');
        return prefix + (sixDigits ? regionCode : "000000") + REGIONAL_IDS.next();
    }

    /** The region a hub record id carries (characters 3-8, e.g. LN410183...), empty for an id without one. */
    private Optional<RecordRegion> ofRecordId(String id, String param) {
        if (id == null || id.length() < 8 || regions.find(id.substring(2, 8)).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RecordRegion(id.substring(2, 8), param, null, null, true));
    }

    /**
     * May the partner write this record here: a known region within its regions, or an enterprise registered within
     * them. A region read from a path parameter is not checked here (the handler finds the record or not).
     */
    public void check(Partner partner, RecordRegion region) {
        if (region.inPath()) {
            return;
        }
        if (region.namesEnterprise()) {
            if (region.registered() == null) {
                throw notVisible(partner, region);
            }
        } else if (regions.find(region.region()).isEmpty()) {
            throw ProblemException.field(ProblemCode.REGION_UNKNOWN, region.pointer(),
                    "region code '" + region.region() + "' is not a known GB/T 2260 division or hub zone id");
        }
        requireWithin(partner, region);
    }

    /**
     * The record's region is within the partner's regions (also checked before a write is forwarded). An enterprise
     * outside them is refused as one that is not registered ({@link #check}), whether its region came from the
     * registry or from its USCC: the answer names no region of the enterprise.
     */
    public void requireWithin(Partner partner, RecordRegion region) {
        if (regions.withinAny(region.region(), partner.regions())) {
            return;
        }
        if (region.namesEnterprise()) {
            throw notVisible(partner, region);
        }
        throw ProblemException.field(ProblemCode.REGION_DENIED, region.pointer(), "partner " + partner.id()
                + " may act in " + partner.regions() + ", not in region " + region.region());
    }

    /** The one answer for an enterprise the partner may not see: not registered, or registered outside its regions. */
    private static ProblemException notVisible(Partner partner, RecordRegion region) {
        return ProblemException.field(ProblemCode.ENTERPRISE_NOT_REGISTERED, region.pointer(), "enterprise "
                + region.uscc() + " is not registered in the regions of partner " + partner.id());
    }

    /**
     * Where a record lies.
     *
     * @param region          the region code: the body's region field, the registered enterprise's county, or the
     *                        region digits of the USCC of an enterprise that is not registered
     * @param pointer         JSON pointer of the field the region came from (the region code or the USCC)
     * @param uscc       the USCC of the enterprise the record names ({@code enterpriseOf}), else null
     * @param registered that enterprise when it is registered, else null
     * @param inPath     the region was read from a path parameter (a record id or a USCC naming an existing
     *                   record): used to route the call; {@link #check} leaves it to the handler, which answers
     *                   that the record is not found for a partner that may not see it
     */
    public record RecordRegion(String region, String pointer, String uscc, RegisteredEnterprise registered,
                               boolean inPath) {

        /** The region is that of an enterprise the record names ({@code enterpriseOf}). */
        public boolean namesEnterprise() {
            return uscc != null;
        }

        /**
         * The enterprise the record names, registered and within the partner's regions (checked by
         * {@link RecordRegions#check} before the handler runs).
         */
        public RegisteredEnterprise enterprise() {
            if (registered == null) {
                throw new ProblemException(ProblemCode.INTERNAL_ERROR, "the operation names no registered"
                        + " enterprise (x-region enterpriseOf)");
            }
            return registered;
        }

        /** {@link #enterprise()}, which must be in the programme's project library (pilot list). */
        public RegisteredEnterprise pilotEnterprise() {
            RegisteredEnterprise enterprise = enterprise();
            if (!enterprise.pilot()) {
                throw ProblemException.field(ProblemCode.ENTERPRISE_NOT_IN_PILOT, pointer, "enterprise "
                        + enterprise.uscc() + " is not in the programme's project library (pilot list)");
            }
            return enterprise;
        }
    }
}
