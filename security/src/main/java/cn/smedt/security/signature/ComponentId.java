package cn.smedt.security.signature;

import cn.smedt.security.structured.StructuredFields;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A covered component identifier: a lowercase field name or derived component name ({@code @method}) plus
 * parameters ({@code req}, {@code key}, {@code name}, {@code sf}). Boolean true parameters render bare, strings quoted.
 */
public record ComponentId(String name, Map<String, Object> params) {

    public ComponentId {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params == null ? Map.of() : params));
    }

    public static ComponentId of(String name) {
        return new ComponentId(name, Map.of());
    }

    /** The component taken from the related request ({@code ;req}). */
    public static ComponentId req(String name) {
        return new ComponentId(name, Map.of("req", Boolean.TRUE));
    }

    /** {@code "signature";req;key="<label>"}: the request's signature value, for binding a response to it. */
    public static ComponentId signatureOfRequest(String label) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("req", Boolean.TRUE);
        p.put("key", label);
        return new ComponentId("signature", p);
    }

    /** A copy with one more parameter. */
    public ComponentId with(String param, Object value) {
        Map<String, Object> p = new LinkedHashMap<>(params);
        p.put(param, value);
        return new ComponentId(name, p);
    }

    public boolean fromRequest() {
        return Boolean.TRUE.equals(params.get("req"));
    }

    /** E.g. {@code "@method"}, {@code "signature";req;key="sig1"}. */
    public String serialize() {
        return StructuredFields.serializeBareItem(name) + StructuredFields.serializeParams(params);
    }

    @Override
    public String toString() {
        return serialize();
    }
}
