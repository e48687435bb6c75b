package cn.smedt.security.signature;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** Immutable {@link HttpMessage} with lowercased header names. */
final class SimpleHttpMessage implements HttpMessage {

    private final String method;
    private final URI targetUri;
    private final int status;
    private final Map<String, List<String>> headers;

    SimpleHttpMessage(String method, URI targetUri, int status, Map<String, List<String>> headers) {
        this.method = method;
        this.targetUri = targetUri;
        this.status = status;
        Map<String, List<String>> copy = new LinkedHashMap<>();
        if (headers != null) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    continue;
                }
                copy.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .addAll(e.getValue().stream().filter(Objects::nonNull).toList());
            }
        }
        copy.replaceAll((k, v) -> List.copyOf(v));
        this.headers = Collections.unmodifiableMap(copy);
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public URI targetUri() {
        return targetUri;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public List<String> headerValues(String lowercaseName) {
        if (lowercaseName == null) {
            return List.of();
        }
        return headers.getOrDefault(lowercaseName.toLowerCase(Locale.ROOT), List.of());
    }

    Map<String, List<String>> headers() {
        return headers;
    }

    @Override
    public String toString() {
        return method != null ? method + " " + targetUri + " " + headers.keySet() : status + " " + headers.keySet();
    }
}
