package cn.smedt.security.signature;

import cn.smedt.security.structured.StructuredFieldException;
import cn.smedt.security.structured.StructuredFields;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Builds the RFC 9421 signature base (section 2.5) of a message. */
public final class SignatureBase {

    private static final Set<String> DICTIONARY_FIELDS = Set.of(
            "signature", "signature-input", "content-digest", "repr-digest", "want-content-digest", "accept-signature");

    /** An obsolete line folding (RFC 9110 section 5.5), replaced by one space in a field's value. */
    private static final Pattern OBSOLETE_FOLD = Pattern.compile("\\r?\\n[ \\t]+");

    private SignatureBase() {
    }

    /**
     * The signature base: one line {@code <component id>: <value>} per covered component and a last line
     * {@code "@signature-params": <params>}, separated by LF, no trailing LF.
     *
     * @param relatedRequest the request a response answers, for {@code ;req} components; may be null
     */
    public static byte[] build(SignatureParameters params, HttpMessage message, HttpMessage relatedRequest)
            throws SignatureCheckException {
        StringBuilder sb = new StringBuilder(256);
        Set<String> seen = new HashSet<>();
        for (ComponentId c : params.components()) {
            String id = c.serialize();
            if (!seen.add(id)) {
                throw new SignatureCheckException(Failure.SIGNATURE_MALFORMED, "component " + id + " covered twice");
            }
            HttpMessage source = message;
            if (c.fromRequest()) {
                if (relatedRequest == null) {
                    throw new SignatureCheckException(Failure.COMPONENT_MISSING, id + ": no related request");
                }
                source = relatedRequest;
            }
            String value = c.name().startsWith("@") ? derived(c, id, source) : field(c, id, source);
            for (int i = 0; i < value.length(); i++) {
                char ch = value.charAt(i);
                if (ch == '\n' || ch == '\r' || ch > 0x7e) {
                    throw new SignatureCheckException(Failure.SIGNATURE_MALFORMED,
                            id + ": value has a character that cannot be signed");
                }
            }
            sb.append(id).append(": ").append(value).append('\n');
        }
        sb.append("\"@signature-params\": ").append(params.serialize());
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String derived(ComponentId c, String id, HttpMessage msg) throws SignatureCheckException {
        for (String p : c.params().keySet()) {
            if (!p.equals("req") && !(p.equals("name") && c.name().equals("@query-param"))) {
                throw new SignatureCheckException(Failure.SIGNATURE_MALFORMED, id + ": unsupported parameter " + p);
            }
        }
        if (c.name().equals("@status")) {
            if (msg.status() < 0) {
                throw new SignatureCheckException(Failure.COMPONENT_MISSING, id + ": not a response");
            }
            int status = msg.status();
            return status >= 100 && status <= 999 ? Integer.toString(status)
                    : String.format(Locale.ROOT, "%03d", status);
        }
        if (c.name().equals("@signature-params")) {
            throw new SignatureCheckException(Failure.SIGNATURE_MALFORMED, "@signature-params cannot be covered");
        }
        String method = msg.method();
        URI uri = msg.targetUri();
        if (method == null || uri == null) {
            throw new SignatureCheckException(Failure.COMPONENT_MISSING, id + ": not a request");
        }
        if (!uri.isAbsolute() || uri.getRawAuthority() == null) {
            throw new SignatureCheckException(Failure.COMPONENT_MISSING, id + ": target URI is not absolute: " + uri);
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery();
        return switch (c.name()) {
            case "@method" -> method;
            case "@target-uri" -> uri.toASCIIString();
            case "@authority" -> authority(uri);
            case "@scheme" -> uri.getScheme().toLowerCase(Locale.ROOT);
            case "@path" -> path;
            case "@query" -> "?" + (query == null ? "" : query);
            case "@request-target" -> query == null ? path : path + "?" + query;
            case "@query-param" -> queryParam(c, id, query);
            default -> throw new SignatureCheckException(Failure.COMPONENT_MISSING, id + ": unknown derived component");
        };
    }

    private static String authority(URI uri) {
        String host = uri.getHost() != null ? uri.getHost() : uri.getRawAuthority();
        host = host.toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        boolean defaultPort = port == -1 || (port == 443 && scheme.equals("https")) || (port == 80 && scheme.equals("http"));
        return defaultPort ? host : host + ":" + port;
    }

    private static String queryParam(ComponentId c, String id, String query) throws SignatureCheckException {
        if (!(c.params().get("name") instanceof String wanted)) {
            throw new SignatureCheckException(Failure.SIGNATURE_MALFORMED, id + ": @query-param needs a name");
        }
        List<String> found = new ArrayList<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = formDecode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                if (name.equals(formDecode(wanted))) {
                    found.add(formEncode(formDecode(value)));
                }
            }
        }
        if (found.size() != 1) {
            throw new SignatureCheckException(Failure.COMPONENT_MISSING,
                    id + (found.isEmpty() ? ": no such query parameter" : ": query parameter occurs more than once"));
        }
        return found.get(0);
    }

    private static String formDecode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String formEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }

    private static String field(ComponentId c, String id, HttpMessage msg) throws SignatureCheckException {
        for (String p : c.params().keySet()) {
            if (!p.equals("req") && !p.equals("key") && !p.equals("sf")) {
                throw new SignatureCheckException(Failure.SIGNATURE_MALFORMED, id + ": unsupported parameter " + p);
            }
        }
        String name = c.name();
        if (name.isEmpty() || !name.equals(name.toLowerCase(Locale.ROOT))) {
            throw new SignatureCheckException(Failure.SIGNATURE_MALFORMED, id + ": field names must be lowercase");
        }
        List<String> values = msg.headerValues(name);
        if (values.isEmpty()) {
            throw new SignatureCheckException(Failure.COMPONENT_MISSING, id + ": field not present");
        }
        List<String> trimmed = new ArrayList<>(values.size());
        for (String v : values) {
            trimmed.add(v.indexOf('\n') < 0 ? v.trim() : OBSOLETE_FOLD.matcher(v).replaceAll(" ").trim());
        }
        String combined = String.join(", ", trimmed);
        Object key = c.params().get("key");
        boolean sf = c.params().containsKey("sf");
        if (key == null && !sf) {
            return combined;
        }
        if (!DICTIONARY_FIELDS.contains(name)) {
            throw new SignatureCheckException(Failure.SIGNATURE_MALFORMED,
                    id + ": structured serialization is supported for known dictionary fields only");
        }
        Map<String, StructuredFields.Entry> dict;
        try {
            dict = StructuredFields.parseDictionary(combined);
        } catch (StructuredFieldException e) {
            throw new SignatureCheckException(Failure.COMPONENT_MISSING, id + ": field is not a dictionary");
        }
        if (key == null) {
            List<String> members = new ArrayList<>();
            for (Map.Entry<String, StructuredFields.Entry> e : dict.entrySet()) {
                StructuredFields.Member m = e.getValue().member();
                if (m instanceof StructuredFields.Item item && Boolean.TRUE.equals(item.value())) {
                    members.add(e.getKey() + StructuredFields.serializeParams(item.params()));
                } else {
                    members.add(e.getKey() + "=" + StructuredFields.serializeMember(m));
                }
            }
            return String.join(", ", members);
        }
        if (!(key instanceof String k)) {
            throw new SignatureCheckException(Failure.SIGNATURE_MALFORMED, id + ": key must be a string");
        }
        StructuredFields.Entry entry = dict.get(k);
        if (entry == null) {
            throw new SignatureCheckException(Failure.COMPONENT_MISSING, id + ": no member " + k);
        }
        return StructuredFields.serializeMember(entry.member());
    }
}
