package cn.smedt.hub.gateway;

import cn.smedt.hub.kernel.HubIdentity;
import cn.smedt.security.keys.PemKeys;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Publishes the hub's public key(s), so partners can verify response signatures. */
@RestController
class HubKeysController {

    private final HubIdentity identity;

    HubKeysController(HubIdentity identity) {
        this.identity = identity;
    }

    @GetMapping(value = "/.well-known/hub-keys", produces = "application/json")
    Map<String, Object> keys() {
        return Map.of("keys", List.of(Map.of(
                "keyid", identity.keyId(),
                "alg", identity.algorithm().token(),
                "publicKeyPem", PemKeys.toPem(identity.publicKey()))));
    }
}
