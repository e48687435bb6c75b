package cn.smedt.sdk;

import cn.smedt.security.keys.PemKeys;
import cn.smedt.security.signature.Failure;
import cn.smedt.security.signature.MessageVerifier;
import cn.smedt.security.signature.SignatureCheckException;
import cn.smedt.security.signature.Verifiers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hub keys an answer's signature is checked with, by key id. Either pinned (the hub operator's public key:
 * {@link #of}, {@link #fromPem}) or read once, on the first answer, from the hub's {@code /.well-known/hub-keys}
 * ({@link #wellKnown}: trust on first use, as safe as the channel to the hub, e.g. HTTPS).
 */
public final class HubKeys {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The key id under which a pinned key without id is kept: it verifies answers signed under any key id. */
    private static final String ANY = "";

    /** Reads the keys when first needed. */
    private interface Loader {
        Map<String, MessageVerifier> load() throws IOException, InterruptedException, SignatureCheckException;
    }

    private final Loader loader;
    private volatile Map<String, MessageVerifier> keys;

    private HubKeys(Loader loader) {
        this.loader = loader;
    }

    /** The hub's public key, trusted for any key id; its algorithm is taken from the key. */
    public static HubKeys of(PublicKey key) {
        return of(ANY, key);
    }

    /** The hub's public key under its key id ({@code keyid} of /.well-known/hub-keys). */
    public static HubKeys of(String keyId, PublicKey key) {
        return new HubKeys(() -> Map.of(keyId, Verifiers.create(PemKeys.algorithmOf(key), key)));
    }

    /** The hub's public key from a PEM file (e.g. {@code publicKeyPem} of /.well-known/hub-keys), any key id. */
    public static HubKeys fromPem(Path pem) {
        return new HubKeys(() -> {
            PublicKey key = PemKeys.readPublicKey(pem);
            return Map.of(ANY, Verifiers.create(PemKeys.algorithmOf(key), key));
        });
    }

    /** The keys the hub at {@code hubRoot} publishes at /.well-known/hub-keys, read on the first answer. */
    public static HubKeys wellKnown(HttpClient http, URI hubRoot) {
        URI uri = URI.create(hubRoot.toString().replaceAll("/+$", "") + "/.well-known/hub-keys");
        return new HubKeys(() -> {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).GET()
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new SignatureCheckException(Failure.KEY_MALFORMED,
                        "GET " + uri + " answered " + response.statusCode());
            }
            Map<String, MessageVerifier> byId = new LinkedHashMap<>();
            for (JsonNode key : JSON.readTree(response.body()).path("keys")) {
                PublicKey publicKey = PemKeys.readPublicKey(key.path("publicKeyPem").asText());
                byId.put(key.path("keyid").asText(), Verifiers.create(PemKeys.algorithmOf(publicKey), publicKey));
            }
            return Map.copyOf(byId);
        });
    }

    /**
     * The verifier of the key the answer names ({@code keyid} of its Signature-Input, may be null).
     *
     * @throws SignatureCheckException {@link Failure#KEY_MALFORMED} when no trusted key has that id or the keys
     *                                 could not be read
     */
    MessageVerifier verifierFor(String keyId) throws SignatureCheckException, InterruptedException {
        Map<String, MessageVerifier> known = keys;
        if (known == null) {
            synchronized (this) {
                if (keys == null) {
                    try {
                        keys = loader.load();
                    } catch (IOException | RuntimeException e) {
                        throw new SignatureCheckException(Failure.KEY_MALFORMED, "hub keys unreadable: " + e);
                    }
                }
                known = keys;
            }
        }
        MessageVerifier verifier = keyId == null ? null : known.get(keyId);
        if (verifier == null) {
            verifier = known.get(ANY);
        }
        if (verifier == null && keyId == null && known.size() == 1) {
            verifier = known.values().iterator().next();
        }
        if (verifier == null) {
            throw new SignatureCheckException(Failure.KEY_MALFORMED, "the answer is signed with key " + keyId
                    + ", not a trusted hub key " + known.keySet());
        }
        return verifier;
    }
}
