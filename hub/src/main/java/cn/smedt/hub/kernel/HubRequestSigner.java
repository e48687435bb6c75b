package cn.smedt.hub.kernel;

import cn.smedt.security.digest.ContentDigest;
import cn.smedt.security.digest.DigestAlgorithm;
import cn.smedt.security.signature.ComponentId;
import cn.smedt.security.signature.HttpMessage;
import cn.smedt.security.signature.HttpMessageSignatures;
import cn.smedt.security.signature.SignatureCheckException;
import cn.smedt.security.signature.SignatureParameters;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Signs requests the hub sends (webhooks to banks, events to government platforms, calls to a parent hub) the way
 * partners sign theirs: Content-Digest plus an RFC 9421 signature over @method, @target-uri, content-digest and
 * content-type with created, nonce, keyid and alg.
 */
@Component
public class HubRequestSigner {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final HubIdentity identity;
    private final Clock clock;

    HubRequestSigner(HubIdentity identity, Clock clock) {
        this.identity = identity;
        this.clock = clock;
    }

    /** Header name to value, to add to the outgoing request. */
    public Map<String, String> sign(String method, URI target, String contentType, byte[] body) {
        return sign(method, target, contentType, body, Map.of());
    }

    /**
     * Header name to value, to add to the outgoing request, whose signature also covers {@code covered} (headers
     * the request carries, e.g. the on-behalf-of assertion of a forwarded call); they are in the result too.
     */
    public Map<String, String> sign(String method, URI target, String contentType, byte[] body,
                                    Map<String, String> covered) {
        String digest = ContentDigest.header(DigestAlgorithm.SHA_256, body);
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("content-digest", List.of(digest));
        headers.put("content-type", List.of(contentType));
        List<ComponentId> components = new java.util.ArrayList<>(List.of(ComponentId.of("@method"),
                ComponentId.of("@target-uri"), ComponentId.of("content-digest"), ComponentId.of("content-type")));
        covered.forEach((name, value) -> {
            headers.put(name, List.of(value));
            components.add(ComponentId.of(name.toLowerCase(java.util.Locale.ROOT)));
        });
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        SignatureParameters params = SignatureParameters.builder()
                .components(components)
                .created(clock.instant().getEpochSecond())
                .nonce(Base64.getUrlEncoder().withoutPadding().encodeToString(nonce))
                .keyId(identity.keyId())
                .alg(identity.algorithm().token())
                .build();
        try {
            var signed = HttpMessageSignatures.sign(HttpMessage.request(method, target, headers), null, "sig1",
                    params, identity.signer());
            Map<String, String> result = new LinkedHashMap<>();
            result.put("Content-Type", contentType);
            result.put("Content-Digest", digest);
            result.put("Signature-Input", signed.signatureInput());
            result.put("Signature", signed.signature());
            result.putAll(covered);
            return result;
        } catch (SignatureCheckException e) {
            throw new ResponseSigningException("cannot sign outgoing request to " + target, e);
        }
    }
}
