package cn.smedt.security.signature;

import cn.smedt.security.structured.StructuredFieldException;
import cn.smedt.security.structured.StructuredFields;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The covered components and signature parameters of one signature (one member of {@code Signature-Input}).
 * Parameters keep the order they were set or parsed in. A parsed instance serializes to exactly the text the
 * sender sent, so the {@code @signature-params} line is the one that was signed.
 */
public final class SignatureParameters {

    private final List<ComponentId> components;
    private final Map<String, Object> params;
    private final String source;

    private SignatureParameters(List<ComponentId> components, Map<String, Object> params, String source) {
        this.components = List.copyOf(components);
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        this.source = source;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding the same components and parameters (the original text is not kept). */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.components = new ArrayList<>(components);
        b.params.putAll(params);
        return b;
    }

    public List<ComponentId> components() {
        return components;
    }

    /** All signature parameters in order (created, keyid, ...). */
    public Map<String, Object> parameters() {
        return params;
    }

    public Long created() {
        return params.get("created") instanceof Long l ? l : null;
    }

    public Long expires() {
        return params.get("expires") instanceof Long l ? l : null;
    }

    public String nonce() {
        return stringParam("nonce");
    }

    public String keyId() {
        return stringParam("keyid");
    }

    public String alg() {
        return stringParam("alg");
    }

    public String tag() {
        return stringParam("tag");
    }

    private String stringParam(String name) {
        return params.get(name) instanceof String s ? s : null;
    }

    /** True when one of the covered components serializes like {@code id}. */
    public boolean covers(ComponentId id) {
        String wanted = id.serialize();
        return components.stream().anyMatch(c -> c.serialize().equals(wanted));
    }

    /** The inner list, e.g. {@code ("@method" "@target-uri");created=1618884473;keyid="test-key"}. */
    public String serialize() {
        if (source != null) {
            return source;
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < components.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(components.get(i).serialize());
        }
        return sb.append(')').append(StructuredFields.serializeParams(params)).toString();
    }

    @Override
    public String toString() {
        return serialize();
    }

    /** Parses a {@code Signature-Input} field value: label to parameters, in order. */
    public static Map<String, SignatureParameters> parseSignatureInput(String headerValue) throws SignatureCheckException {
        if (headerValue == null || headerValue.isBlank()) {
            throw new SignatureCheckException(Failure.SIGNATURE_MISSING, "no Signature-Input field");
        }
        Map<String, StructuredFields.Entry> dict;
        try {
            dict = StructuredFields.parseDictionary(headerValue.trim());
        } catch (StructuredFieldException e) {
            throw new SignatureCheckException(Failure.SIGNATURE_MALFORMED, "Signature-Input: " + e.getMessage());
        }
        Map<String, SignatureParameters> result = new LinkedHashMap<>();
        for (Map.Entry<String, StructuredFields.Entry> e : dict.entrySet()) {
            result.put(e.getKey(), fromMember(e.getKey(), e.getValue()));
        }
        return result;
    }

    private static SignatureParameters fromMember(String label, StructuredFields.Entry entry) throws SignatureCheckException {
        if (!(entry.member() instanceof StructuredFields.InnerList list)) {
            throw new SignatureCheckException(Failure.SIGNATURE_MALFORMED,
                    "Signature-Input member '" + label + "' is not an inner list");
        }
        List<ComponentId> comps = new ArrayList<>();
        for (StructuredFields.Item item : list.items()) {
            if (!(item.value() instanceof String name)) {
                throw new SignatureCheckException(Failure.SIGNATURE_MALFORMED,
                        "Signature-Input member '" + label + "': component identifiers must be strings");
            }
            comps.add(new ComponentId(name, item.params()));
        }
        for (Map.Entry<String, Object> p : list.params().entrySet()) {
            Object v = p.getValue();
            boolean ok = switch (p.getKey()) {
                case "created", "expires" -> v instanceof Long;
                case "nonce", "keyid", "alg", "tag" -> v instanceof String;
                default -> true;
            };
            if (!ok) {
                throw new SignatureCheckException(Failure.SIGNATURE_MALFORMED,
                        "Signature-Input member '" + label + "': parameter " + p.getKey() + " has the wrong type");
            }
        }
        return new SignatureParameters(comps, list.params(), entry.source());
    }

    /** Builds parameters; each setter appends the parameter in call order (setting again keeps the position). */
    public static final class Builder {
        private List<ComponentId> components = new ArrayList<>();
        private final Map<String, Object> params = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder components(List<ComponentId> components) {
            this.components = new ArrayList<>(components);
            return this;
        }

        public Builder created(long created) {
            params.put("created", created);
            return this;
        }

        public Builder expires(Long expires) {
            return set("expires", expires);
        }

        public Builder nonce(String nonce) {
            return set("nonce", nonce);
        }

        public Builder keyId(String keyId) {
            return set("keyid", keyId);
        }

        public Builder alg(String alg) {
            return set("alg", alg);
        }

        public Builder tag(String tag) {
            return set("tag", tag);
        }

        private Builder set(String name, Object value) {
            if (value == null) {
                params.remove(name);
            } else {
                params.put(name, value);
            }
            return this;
        }

        public SignatureParameters build() {
            return new SignatureParameters(components, params, null);
        }
    }
}
