package cn.smedt.hub.gateway;

import cn.smedt.hub.kernel.ResponseSigningException;
import cn.smedt.hub.kernel.HubIdentity;
import cn.smedt.security.digest.ContentDigest;
import cn.smedt.security.digest.DigestAlgorithm;
import cn.smedt.security.signature.ComponentId;
import cn.smedt.security.signature.HttpMessage;
import cn.smedt.security.signature.HttpMessageSignatures;
import cn.smedt.security.signature.SignatureCheckException;
import cn.smedt.security.signature.SignatureParameters;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Signs every gateway response with the hub key: {@code @status}, {@code content-type}, {@code content-digest}
 * and, when the request carried a parsable signature, that signature ({@code "signature";req;key="sig1"}), so a
 * partner can prove which answer the hub gave to which request.
 */
@Component
class ResponseSigner {

    static final String LABEL = "sig1";

    /** The components every answer's signature covers (immutable, made once). */
    private static final ComponentId STATUS = ComponentId.of("@status");
    private static final ComponentId CONTENT_DIGEST = ComponentId.of("content-digest");
    private static final ComponentId CONTENT_TYPE = ComponentId.of("content-type");

    private final HubIdentity identity;
    private final Clock clock;

    ResponseSigner(HubIdentity identity, Clock clock) {
        this.identity = identity;
        this.clock = clock;
    }

    /** Headers to add to the response: Content-Digest, Signature-Input, Signature. */
    Map<String, String> sign(HttpMessage request, String requestLabel, int status, String contentType, byte[] body) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        String digest = ContentDigest.header(identity.algorithm() == cn.smedt.security.signature.SignatureAlgorithm.SM2_SM3
                ? DigestAlgorithm.SM3 : DigestAlgorithm.SHA_256, body);
        headers.put("content-digest", List.of(digest));
        List<ComponentId> components = new ArrayList<>(4);
        components.add(STATUS);
        components.add(CONTENT_DIGEST);
        if (contentType != null) {
            headers.put("content-type", List.of(contentType));
            components.add(CONTENT_TYPE);
        }
        String label = requestLabel != null ? requestLabel : parsableLabel(request);
        if (label != null) {
            components.add(ComponentId.signatureOfRequest(label));
        }
        SignatureParameters params = SignatureParameters.builder()
                .components(components)
                .created(clock.instant().getEpochSecond())
                .keyId(identity.keyId())
                .alg(identity.algorithm().token())
                .build();
        HttpMessage response = HttpMessage.response(status, headers);
        try {
            var signed = HttpMessageSignatures.sign(response, label == null ? null : request, LABEL, params,
                    identity.signer());
            return Map.of("Content-Digest", digest, "Signature-Input", signed.signatureInput(),
                    "Signature", signed.signature());
        } catch (SignatureCheckException e) {
            throw new ResponseSigningException("cannot sign response: " + e.getMessage(), e);
        }
    }

    private static String parsableLabel(HttpMessage request) {
        List<String> input = request.headerValues("signature-input");
        List<String> signature = request.headerValues("signature");
        if (input == null || input.isEmpty() || signature == null || signature.isEmpty()) {
            return null;
        }
        try {
            return HttpMessageSignatures.parse(String.join(", ", input), String.join(", ", signature), null).label();
        } catch (SignatureCheckException e) {
            return null;
        }
    }
}
