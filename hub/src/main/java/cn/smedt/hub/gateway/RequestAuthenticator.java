package cn.smedt.hub.gateway;

import cn.smedt.hub.kernel.PartnerKey;
import cn.smedt.hub.kernel.PartnerRegistry;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import cn.smedt.hub.kernel.WriteRouter;
import cn.smedt.security.digest.ContentDigest;
import cn.smedt.security.signature.ComponentId;
import cn.smedt.security.signature.HttpMessage;
import cn.smedt.security.signature.HttpMessageSignatures;
import cn.smedt.security.signature.HttpMessageSignatures.ParsedSignature;
import cn.smedt.security.signature.SignatureCheckException;
import cn.smedt.security.signature.SignatureParameters;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.springframework.stereotype.Component;

/**
 * Proves a request comes from a registered partner, before anything parses its body: RFC 9421 signature over at
 * least {@code @method}, {@code @target-uri}, {@code content-digest} (and {@code content-type} with a body), the
 * RFC 9530 digest of the bytes received, {@code created} inside the window, a key valid now and not revoked, of a
 * partner not suspended (the registry as every node applies it now: docs/partner-registry.md), a nonce never seen
 * before anywhere in the cluster, and (step 4 of the gateway) the partner's rate. A call carrying {@code Hub-On-Behalf-Of} (forwarded by a hub node) must cover
 * that header too.
 */
@Component
class RequestAuthenticator {

    private static final Set<String> WRITE_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");
    /** The on-behalf-of header as a covered component (lowercase). */
    private static final String ON_BEHALF_OF = WriteRouter.ON_BEHALF_OF.toLowerCase(Locale.ROOT);

    private final PartnerRegistry partners;
    private final ReplayGuard replayGuard;
    private final RateLimiter rateLimiter;
    private final GatewayProperties props;
    private final Clock clock;

    RequestAuthenticator(PartnerRegistry partners, ReplayGuard replayGuard, RateLimiter rateLimiter,
                         GatewayProperties props, Clock clock) {
        this.partners = partners;
        this.replayGuard = replayGuard;
        this.rateLimiter = rateLimiter;
        this.props = props;
        this.clock = clock;
    }

    /**
     * Verifies the request, then remembers its nonce and counts it against its partner's rate: the two cluster
     * operations are in flight together (one round trip of waiting), and a replay is refused before the rate (and
     * taken out of the partner's count again, so replays of a partner's requests cannot exhaust its budget).
     */
    AuthenticatedCall authenticate(HttpMessage request, byte[] body) {
        try {
            ParsedSignature signature = HttpMessageSignatures.parse(
                    first(request, "signature-input"), first(request, "signature"), null);
            SignatureParameters params = signature.params();
            PartnerKey key = knownValidKey(params.keyId());
            requireCoverage(request, params, body.length > 0);
            requireFresh(params);
            if (body.length > 0 || WRITE_METHODS.contains(request.method())) {
                ContentDigest.verify(first(request, "content-digest"), body);
            }
            HttpMessageSignatures.verify(signature, request, null, key.verifier());
            if (partners.suspended(key.partner().id())) {
                throw new ProblemException(ProblemCode.PARTNER_SUSPENDED, "partner " + key.partner().id()
                        + " is suspended by the hub operator");
            }
            CompletionStage<Boolean> firstUse = replayGuard.firstUse(key.keyId(), params.nonce(), params.created());
            RateLimiter.Count counted = rateLimiter.count(key.partner());
            if (!join(firstUse)) {
                counted.withdraw();
                throw new ProblemException(ProblemCode.NONCE_REPLAYED,
                        "nonce '" + params.nonce() + "' was already used with key " + key.keyId());
            }
            counted.requireWithinRate();
            return new AuthenticatedCall(key.partner(), key.keyId(), signature.label());
        } catch (SignatureCheckException e) {
            throw new ProblemException(fromFailure(e), e.getMessage());
        }
    }

    private static boolean join(CompletionStage<Boolean> firstUse) {
        try {
            return firstUse.toCompletableFuture().join();
        } catch (CompletionException failure) {
            throw failure.getCause() instanceof RuntimeException cause ? cause : failure;
        }
    }

    private PartnerKey knownValidKey(String keyId) {
        if (keyId == null) {
            throw new ProblemException(ProblemCode.SIGNATURE_COMPONENT_MISSING, "signature has no keyid parameter");
        }
        PartnerKey key = partners.key(keyId).orElseThrow(() ->
                new ProblemException(ProblemCode.KEY_UNKNOWN, "no enabled partner key has keyid '" + keyId + "'"));
        if (key.revoked()) {
            throw new ProblemException(ProblemCode.KEY_REVOKED, "key '" + keyId + "' was revoked at " + key.revokedAt());
        }
        if (!key.validAt(clock.instant())) {
            throw new ProblemException(ProblemCode.KEY_NOT_VALID, "key '" + keyId + "' is valid from "
                    + key.notBefore() + " until " + key.notAfter());
        }
        return key;
    }

    private static void requireCoverage(HttpMessage request, SignatureParameters params, boolean hasBody) {
        Set<String> covered = new HashSet<>();
        for (ComponentId component : params.components()) {
            covered.add(component.name());
        }
        requireCovered(covered, "@method");
        requireCovered(covered, "@target-uri");
        if (hasBody || WRITE_METHODS.contains(request.method())) {
            requireCovered(covered, "content-digest");
        }
        if (hasBody) {
            requireCovered(covered, "content-type");
        }
        if (first(request, ON_BEHALF_OF) != null) {
            requireCovered(covered, ON_BEHALF_OF);
        }
        if (params.created() == null) {
            throw new ProblemException(ProblemCode.SIGNATURE_COMPONENT_MISSING, "signature has no created parameter");
        }
        if (params.nonce() == null || params.nonce().isBlank()) {
            throw new ProblemException(ProblemCode.NONCE_MISSING, "signature has no nonce parameter");
        }
    }

    private static void requireCovered(Set<String> covered, String component) {
        if (!covered.contains(component)) {
            throw new ProblemException(ProblemCode.SIGNATURE_COMPONENT_MISSING,
                    "the signature must cover \"" + component + "\"");
        }
    }

    private void requireFresh(SignatureParameters params) {
        Instant now = clock.instant();
        Instant created = Instant.ofEpochSecond(params.created());
        if (created.isBefore(now.minus(props.signatureWindow()))) {
            throw new ProblemException(ProblemCode.SIGNATURE_EXPIRED, "signature created at " + created
                    + ", more than " + props.signatureWindow().toSeconds() + " s before " + now);
        }
        if (created.isAfter(now.plus(props.clockSkew()))) {
            throw new ProblemException(ProblemCode.SIGNATURE_FROM_FUTURE, "signature created at " + created
                    + ", after " + now + " (allowed skew " + props.clockSkew().toSeconds() + " s)");
        }
        if (params.expires() != null && Instant.ofEpochSecond(params.expires()).isBefore(now)) {
            throw new ProblemException(ProblemCode.SIGNATURE_EXPIRED, "signature expired at "
                    + Instant.ofEpochSecond(params.expires()));
        }
    }

    private static String first(HttpMessage message, String header) {
        List<String> values = message.headerValues(header);
        return values == null || values.isEmpty() ? null : String.join(", ", values);
    }

    private static ProblemCode fromFailure(SignatureCheckException e) {
        return ProblemCode.of(e.failure().code()).orElse(ProblemCode.SIGNATURE_INVALID);
    }
}
