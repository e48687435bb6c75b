package cn.smedt.hub.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Signs documents the hub issues to partners (a bank's monthly statement) with the hub key, so that they stay
 * verifiable after the HTTP exchange: the signature covers the document's RFC 8785 (JCS) canonical JSON, which the
 * receiver recomputes from the document it parsed (contract schema common.yaml {@code DocumentSignature}). Signed
 * documents hold strings, integers, booleans, objects and arrays only (money is a string), where JCS is exactly:
 * members sorted by name (UTF-16 code units), no whitespace, strings escaped as ECMAScript's JSON.stringify does.
 */
@Component
public class HubDocumentSigner {

    /** The canonicalization named in each signature. */
    public static final String CANONICALIZATION = "RFC8785";

    private final HubIdentity identity;
    private final ObjectMapper json;

    HubDocumentSigner(HubIdentity identity, ObjectMapper json) {
        this.identity = identity;
        this.json = json;
    }

    /**
     * The hub's signature of a document.
     *
     * @param keyId            the hub key (/.well-known/hub-keys)
     * @param alg              its algorithm token, e.g. {@code sm2-sm3}
     * @param canonicalization always {@value #CANONICALIZATION}
     * @param value            base64 of the signature over the canonical bytes
     */
    public record DocumentSignature(String keyId, String alg, String canonicalization, String value) {
    }

    /** Signs {@code document} (a record as the hub's ObjectMapper writes it). */
    public DocumentSignature sign(Object document) {
        byte[] canonical = canonical(json.valueToTree(document));
        return new DocumentSignature(identity.keyId(), identity.algorithm().token(), CANONICALIZATION,
                Base64.getEncoder().encodeToString(identity.signer().sign(canonical)));
    }

    /** The RFC 8785 canonical UTF-8 bytes of a document of strings, integers, booleans, objects and arrays. */
    public static byte[] canonical(JsonNode document) {
        StringBuilder out = new StringBuilder();
        write(document, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            out.append('{');
            for (int i = 0; i < names.size(); i++) {
                out.append(i == 0 ? "" : ",");
                string(names.get(i), out);
                out.append(':');
                write(node.get(names.get(i)), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(node.get(i), out);
            }
            out.append(']');
        } else if (node.isTextual()) {
            string(node.textValue(), out);
        } else if (node.isIntegralNumber() || node.isBoolean() || node.isNull()) {
            out.append(node.asText());
        } else {
            throw new ResponseSigningException("a signed document holds no " + node.getNodeType()
                    + " value (money is a string): " + node, null);
        }
    }

    private static void string(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
