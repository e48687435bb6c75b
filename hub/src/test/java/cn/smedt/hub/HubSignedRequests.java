package cn.smedt.hub;

import static org.assertj.core.api.Assertions.assertThat;

import cn.smedt.hub.kernel.HubIdentity;
import cn.smedt.security.digest.ContentDigest;
import cn.smedt.security.signature.HttpMessage;
import cn.smedt.security.signature.HttpMessageSignatures;
import cn.smedt.security.signature.SignatureCheckException;
import cn.smedt.security.signature.Verifiers;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Checks, as a receiver would, that a request the hub sent (recorded by WireMock) carries the hub's signature. */
public final class HubSignedRequests {

    private HubSignedRequests() {
    }

    /**
     * The body matches its Content-Digest and the RFC 9421 signature verifies with the hub's public key, under the
     * hub's key id.
     *
     * @throws SignatureCheckException when the digest or the signature does not verify
     */
    public static void assertHubSigned(LoggedRequest request, HubIdentity hub) throws SignatureCheckException {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : request.getAllHeaderKeys()) {
            headers.put(name.toLowerCase(Locale.ROOT), request.header(name).values());
        }
        HttpMessage message = HttpMessage.request(request.getMethod().getName(), URI.create(request.getAbsoluteUrl()),
                headers);
        ContentDigest.verify(request.getHeader("Content-Digest"), request.getBody());
        var signature = HttpMessageSignatures.parse(request.getHeader("Signature-Input"),
                request.getHeader("Signature"), null);
        HttpMessageSignatures.verify(signature, message, null, Verifiers.create(hub.algorithm(), hub.publicKey()));
        assertThat(signature.params().keyId()).isEqualTo(hub.keyId());
    }
}
