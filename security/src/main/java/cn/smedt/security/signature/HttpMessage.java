package cn.smedt.security.signature;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** The parts of an HTTP request or response that signatures cover. Header names match case-insensitively. */
public interface HttpMessage {

    /** Request method; null for responses. */
    String method();

    /** Absolute target URI; null for responses. */
    URI targetUri();

    /** Response status; -1 for requests. */
    int status();

    /** All values of a header field, in order; empty when absent. */
    List<String> headerValues(String lowercaseName);

    /** First value of a header, or null. */
    default String header(String name) {
        List<String> values = headerValues(name);
        return values.isEmpty() ? null : values.get(0);
    }

    static HttpMessage request(String method, URI targetUri, Map<String, List<String>> headers) {
        return new SimpleHttpMessage(method, targetUri, -1, headers);
    }

    static HttpMessage response(int status, Map<String, List<String>> headers) {
        return new SimpleHttpMessage(null, null, status, headers);
    }
}
