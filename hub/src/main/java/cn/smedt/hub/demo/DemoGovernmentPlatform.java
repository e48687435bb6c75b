package cn.smedt.hub.demo;

import cn.smedt.hub.kernel.HubIdentity;
import cn.smedt.security.digest.ContentDigest;
import cn.smedt.security.signature.HttpMessage;
import cn.smedt.security.signature.HttpMessageSignatures;
import cn.smedt.security.signature.MessageVerifier;
import cn.smedt.security.signature.SignatureCheckException;
import cn.smedt.security.signature.Verifiers;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Profile {@code demo}: a simulated government platform that receives the hub's subsidy decisions
 * ({@code hub.delivery.government-url} points here in application-demo.yml), checks the Content-Digest and the hub's
 * RFC 9421 signature like a real platform would, and counts what it accepted ({@code GET} the same path).
 */
@RestController
@Profile("demo")
class DemoGovernmentPlatform {

    private static final Logger LOG = LoggerFactory.getLogger(DemoGovernmentPlatform.class);
    private static final String PATH = "/demo/government-platform/decisions";

    private final MessageVerifier hub;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    DemoGovernmentPlatform(HubIdentity identity) throws SignatureCheckException {
        this.hub = Verifiers.create(identity.algorithm(), identity.publicKey());
    }

    @PostMapping(PATH)
    ResponseEntity<Void> receive(@RequestBody byte[] body, HttpServletRequest request) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name.toLowerCase(), Collections.list(request.getHeaders(name)));
        }
        HttpMessage message = HttpMessage.request("POST", URI.create(request.getRequestURL().toString()), headers);
        try {
            ContentDigest.verify(message.header("content-digest"), body);
            HttpMessageSignatures.verify(HttpMessageSignatures.parse(message.header("signature-input"),
                    message.header("signature"), "sig1"), message, null, hub);
        } catch (SignatureCheckException e) {
            refused.incrementAndGet();
            LOG.warn("demo government platform refused a delivery: {}", e.getMessage());
            return ResponseEntity.status(401).build();
        }
        accepted.incrementAndGet();
        return ResponseEntity.ok().build();
    }

    @GetMapping(PATH)
    Map<String, Long> received() {
        return Map.of("accepted", accepted.get(), "refused", refused.get());
    }
}
