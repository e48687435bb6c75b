package cn.smedt.hub.kernel;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import org.springframework.stereotype.Component;

/**
 * Signs the documents the hub issues (a consent artefact, a bank's monthly statement) with the hub key, so that they
 * stay verifiable after the HTTP exchange, offline, with stock tools: the document is written once to bytes, and the
 * hub signs exactly those bytes; the answer carries them as {@code payload} (base64) with the signature (contract
 * schema common.yaml {@code DocumentSignature}). A verifier decodes the payload, checks the signature over it with the
 * hub's public key (/.well-known/hub-keys; e.g. {@code openssl dgst -sm3 -verify}, docs/consent.md) and reads the
 * terms from the decoded payload: nothing is canonicalised, so no JSON library has to agree with the hub's.
 */
@Component
public class HubDocumentSigner {

    private final HubIdentity identity;
    private final ObjectMapper json;

    HubDocumentSigner(HubIdentity identity, ObjectMapper json) {
        this.identity = identity;
        this.json = json;
    }

    /**
     * The hub's signature of a document.
     *
     * @param keyId the hub key (/.well-known/hub-keys)
     * @param alg   its algorithm token, e.g. {@code sm2-sm3}
     * @param value base64 of the signature over the payload's bytes
     */
    public record DocumentSignature(@JsonProperty("keyid") String keyId, String alg, String value) {
    }

    /**
     * A signed document.
     *
     * @param payload   base64 of the document's bytes exactly as signed (UTF-8 JSON)
     * @param signature the hub's signature over those bytes
     */
    public record SignedDocument(String payload, DocumentSignature signature) {
    }

    /** Writes {@code document} (a record or JSON tree) as the hub's ObjectMapper does, and signs those bytes. */
    public SignedDocument sign(Object document) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new ResponseSigningException("cannot write the document to sign: " + e.getOriginalMessage(), e);
        }
        Base64.Encoder base64 = Base64.getEncoder();
        return new SignedDocument(base64.encodeToString(bytes), new DocumentSignature(identity.keyId(),
                identity.algorithm().token(), base64.encodeToString(identity.signer().sign(bytes))));
    }
}
