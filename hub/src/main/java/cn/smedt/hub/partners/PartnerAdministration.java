package cn.smedt.hub.partners;

import cn.smedt.api.identifiers.Uscc;
import cn.smedt.api.model.ChangeReason;
import cn.smedt.api.model.PartnerKeyRegistration;
import cn.smedt.api.model.PartnerOnboarding;
import cn.smedt.hub.kernel.ApiReply;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.PartnerConfigurationException;
import cn.smedt.hub.kernel.PartnerKey;
import cn.smedt.hub.kernel.PartnerOperation;
import cn.smedt.hub.kernel.PartnerProperties.KeyConfig;
import cn.smedt.hub.kernel.PartnerProperties.PartnerConfig;
import cn.smedt.hub.kernel.PartnerRegistry;
import cn.smedt.hub.kernel.PartnerRequest;
import cn.smedt.hub.kernel.PartnerType;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import cn.smedt.hub.regions.RegionDirectory;
import cn.smedt.hub.storage.RaceFreeWrites;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The partner registry at run time (operations onboardPartner, getPartner, listPartners, addPartnerKey,
 * revokePartnerKey, suspendPartner, reinstatePartner; docs/partner-registry.md), for the operator's partners (scope
 * {@code partners:admin}). Each change is stored in the write's transaction (the gateway appends its audit entry to
 * the same transaction) and applied on every node after the commit ({@link RegistrySync}). Answers show the
 * registry as it is after the change.
 */
@Component
public class PartnerAdministration {

    /** The scope of these operations, which only the configuration grants. */
    static final String ADMIN_SCOPE = "partners:admin";

    private final RegistryRows rows;
    private final RegistrySync sync;
    private final PartnerRegistry registry;
    private final RegionDirectory regions;
    private final RaceFreeWrites writes;
    private final ObjectMapper json;
    private final Clock clock;

    PartnerAdministration(RegistryRows rows, RegistrySync sync, PartnerRegistry registry, RegionDirectory regions,
                          RaceFreeWrites writes, ObjectMapper json, Clock clock) {
        this.rows = rows;
        this.sync = sync;
        this.registry = registry;
        this.regions = regions;
        this.writes = writes;
        this.json = json;
        this.clock = clock;
    }

    @PartnerOperation("onboardPartner")
    @Transactional
    public ApiReply onboard(PartnerRequest request) {
        PartnerOnboarding body = request.body(PartnerOnboarding.class);
        PartnerConfig partner = definition(body);
        if (registry.configured(partner.id())) {
            throw conflict(partner.id(), "is configured (the configuration file manages it)");
        }
        List<KeyConfig> keys = new ArrayList<>();
        for (int i = 0; i < body.getKeys().size(); i++) {
            keys.add(key(body.getKeys().get(i), "/keys/" + i));
        }
        Instant now = clock.instant();
        String by = request.partner().id();
        boolean inserted = writes.insertIfAbsent(() -> {
            rows.insertPartner(partner, by, now);
            keys.forEach(key -> rows.insertKey(partner.id(), key, by, now));
        });
        if (!inserted) {
            PartnerConfig stored = rows.partner(partner.id()).orElseThrow(() -> new ProblemException(
                    ProblemCode.KEY_CONFLICT, "a key id of the onboarding is registered already"));
            if (!stored.equals(partner)) {
                throw conflict(partner.id(), "was onboarded with other data");
            }
            return ApiReply.ok(view(after(), partner.id()));
        }
        PartnerRegistry after = after();
        sync.afterCommit("onboarded " + partner.id());
        return ApiReply.created(view(after, partner.id()));
    }

    @PartnerOperation("getPartner")
    public ApiReply get(PartnerRequest request) {
        return ApiReply.ok(view(registry, known(registry, request.pathParam("partnerId")).id()));
    }

    @PartnerOperation("listPartners")
    public ApiReply list(PartnerRequest request) {
        ObjectNode answer = json.createObjectNode();
        ArrayNode list = answer.putArray("partners");
        registry.partners().forEach(partner -> list.add(view(registry, partner.id())));
        return ApiReply.ok(answer);
    }

    @PartnerOperation("addPartnerKey")
    @Transactional
    public ApiReply addKey(PartnerRequest request) {
        Partner partner = known(after(), request.pathParam("partnerId"));
        KeyConfig key = key(request.body(PartnerKeyRegistration.class), "");
        Instant now = clock.instant();
        if (!writes.insertIfAbsent(() -> rows.insertKey(partner.id(), key, request.partner().id(), now))) {
            var stored = rows.key(key.keyId()).filter(found -> found.partnerId().equals(partner.id())
                    && found.key().equals(key));
            if (stored.isEmpty()) {
                throw keyConflict(key.keyId());
            }
            return ApiReply.ok(view(after(), partner.id()));
        }
        PartnerRegistry after = after();
        sync.afterCommit("key " + key.keyId() + " added to " + partner.id());
        return ApiReply.created(view(after, partner.id()));
    }

    @PartnerOperation("revokePartnerKey")
    @Transactional
    public ApiReply revokeKey(PartnerRequest request) {
        PartnerRegistry before = after();
        Partner partner = known(before, request.pathParam("partnerId"));
        String keyId = request.pathParam("keyId");
        PartnerKey key = before.key(keyId).filter(found -> found.partner().id().equals(partner.id()))
                .orElseThrow(() -> new ProblemException(ProblemCode.PARTNER_NOT_FOUND, "partner " + partner.id()
                        + " has no key " + keyId));
        String reason = request.body(ChangeReason.class).getReason();
        if (key.revoked() || !writes.insertIfAbsent(() -> rows.insertRevocation(keyId, partner.id(),
                request.partner().id(), clock.instant(), reason))) {
            return ApiReply.ok(view(after(), partner.id()));
        }
        PartnerRegistry after = after();
        sync.afterCommit("key " + keyId + " of " + partner.id() + " revoked");
        return ApiReply.ok(view(after, partner.id()));
    }

    @PartnerOperation("suspendPartner")
    @Transactional
    public ApiReply suspend(PartnerRequest request) {
        Partner partner = known(after(), request.pathParam("partnerId"));
        if (partner.hasScope(ADMIN_SCOPE)) {
            throw new ProblemException(ProblemCode.PARTNER_INVALID, "partner " + partner.id() + " holds "
                    + ADMIN_SCOPE + ": the operator's partners are managed in the configuration file");
        }
        return status(request, partner, true);
    }

    @PartnerOperation("reinstatePartner")
    @Transactional
    public ApiReply reinstate(PartnerRequest request) {
        return status(request, known(after(), request.pathParam("partnerId")), false);
    }

    private ApiReply status(PartnerRequest request, Partner partner, boolean suspended) {
        String reason = request.body(ChangeReason.class).getReason();
        String by = request.partner().id();
        Instant now = clock.instant();
        // two concurrent changes of one partner: the last to commit stays
        writes.upsert(() -> rows.updateStatus(partner.id(), suspended, by, now, reason),
                () -> rows.insertStatus(partner.id(), suspended, by, now, reason));
        PartnerRegistry after = after();
        sync.afterCommit(partner.id() + (suspended ? " suspended" : " reinstated"));
        return ApiReply.ok(view(after, partner.id()));
    }

    /**
     * The registry with the stored changes, this transaction's included, and those another request committed a
     * moment ago that this node may not have applied yet.
     */
    private PartnerRegistry after() {
        return registry.with(rows.load());
    }

    private PartnerConfig definition(PartnerOnboarding body) {
        PartnerType type = PartnerType.valueOf(body.getType().getValue());
        for (int i = 0; i < body.getRegions().size(); i++) {
            String region = body.getRegions().get(i);
            if (regions.find(region).isEmpty()) {
                throw ProblemException.field(ProblemCode.REGION_UNKNOWN, "/regions/" + i, "no region " + region);
            }
        }
        for (int i = 0; i < body.getScopes().size(); i++) {
            if (ADMIN_SCOPE.equals(body.getScopes().get(i))) {
                throw invalid("/scopes/" + i, ADMIN_SCOPE + " is granted in the configuration file only");
            }
        }
        String uscc = body.getUscc();
        if (type == PartnerType.ENTERPRISE && uscc == null) {
            throw invalid("/uscc", "an enterprise partner is bound to its uscc");
        }
        if (type != PartnerType.ENTERPRISE && uscc != null) {
            throw invalid("/uscc", "only an enterprise partner has a uscc");
        }
        if (uscc != null && Uscc.problem(uscc) != null) {
            throw ProblemException.field(ProblemCode.USCC_INVALID, "/uscc", Uscc.problem(uscc));
        }
        return new PartnerConfig(body.getId(), body.getName(), type, List.copyOf(body.getRegions()),
                List.copyOf(body.getScopes()), body.getRateLimitPerSecond() == null ? 100
                : body.getRateLimitPerSecond(), true, null, body.getWebhookUrl(), null, uscc);
    }

    /** The key as stored, checked: its id free (never revoked), its PEM a key of its algorithm, its validity. */
    private KeyConfig key(PartnerKeyRegistration body, String pointer) {
        String keyId = body.getKeyId();
        if (registry.key(keyId).isPresent() || registry.configuredKey(keyId) || rows.revoked(keyId)) {
            var stored = rows.key(keyId);
            if (stored.isEmpty() || !stored.get().key().equals(keyOf(body))) {
                throw keyConflict(keyId);
            }
        }
        try {
            PartnerRegistry.verifier(keyId, body.getAlgorithm().getValue(), body.getPublicKeyPem());
        } catch (PartnerConfigurationException e) {
            throw invalid(pointer + "/publicKeyPem", e.getMessage());
        }
        if (body.getNotBefore() != null && body.getNotAfter() != null
                && !body.getNotAfter().isAfter(body.getNotBefore())) {
            throw invalid(pointer + "/notAfter", "the validity ends (" + body.getNotAfter() + ") before it starts ("
                    + body.getNotBefore() + ")");
        }
        return keyOf(body);
    }

    private static KeyConfig keyOf(PartnerKeyRegistration body) {
        return new KeyConfig(body.getKeyId(), body.getAlgorithm().getValue(), null, body.getPublicKeyPem(),
                instant(body.getNotBefore()), instant(body.getNotAfter()));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static Partner known(PartnerRegistry registry, String partnerId) {
        return registry.partner(partnerId).orElseThrow(() -> new ProblemException(ProblemCode.PARTNER_NOT_FOUND,
                "no partner " + partnerId));
    }

    private ObjectNode view(PartnerRegistry in, String partnerId) {
        Partner partner = known(in, partnerId);
        ObjectNode view = json.createObjectNode().put("id", partner.id()).put("name", partner.name())
                .put("type", partner.type().name())
                .put("origin", in.configured(partner.id()) ? "CONFIGURATION" : "RUNTIME")
                .put("status", in.disabled(partner.id()) ? "DISABLED" : in.suspended(partner.id()) ? "SUSPENDED"
                        : "ACTIVE");
        partner.regions().stream().sorted().forEach(view.putArray("regions")::add);
        partner.scopes().stream().sorted().forEach(view.putArray("scopes")::add);
        view.put("rateLimitPerSecond", partner.rateLimitPerSecond());
        if (partner.webhookUrl() != null) {
            view.put("webhookUrl", partner.webhookUrl());
        }
        if (partner.uscc() != null) {
            view.put("uscc", partner.uscc());
        }
        ArrayNode keys = view.putArray("keys");
        Instant now = clock.instant();
        for (PartnerKey key : in.keysOf(partner.id())) {
            ObjectNode keyView = keys.addObject().put("keyId", key.keyId())
                    .put("algorithm", key.verifier().algorithm().token())
                    .put("origin", in.configuredKey(key.keyId()) ? "CONFIGURATION" : "RUNTIME")
                    .put("status", key.revoked() ? "REVOKED" : key.validAt(now) ? "VALID"
                            : key.notBefore() != null && now.isBefore(key.notBefore()) ? "NOT_YET_VALID" : "EXPIRED");
            putInstant(keyView, "notBefore", key.notBefore());
            putInstant(keyView, "notAfter", key.notAfter());
            putInstant(keyView, "revokedAt", key.revokedAt());
        }
        return view;
    }

    private static void putInstant(ObjectNode node, String field, Instant instant) {
        if (instant != null) {
            node.put(field, instant.toString());
        }
    }

    private static ProblemException invalid(String pointer, String detail) {
        return ProblemException.field(ProblemCode.PARTNER_INVALID, pointer, detail);
    }

    private static ProblemException conflict(String partnerId, String detail) {
        return new ProblemException(ProblemCode.PARTNER_CONFLICT, "partner " + partnerId + " " + detail);
    }

    private static ProblemException keyConflict(String keyId) {
        return new ProblemException(ProblemCode.KEY_CONFLICT, "key id " + keyId + " is registered already (or was"
                + " revoked: a revoked key id is never registered again)");
    }
}
