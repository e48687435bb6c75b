package cn.smedt.hub.gateway;

import cn.smedt.security.signature.HttpMessage;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Views of servlet requests as RFC 9421 {@link HttpMessage}s. */
final class ServletMessages {

    private ServletMessages() {
    }

    /**
     * The request as the partner signed it: {@code @target-uri} is the public base URL (when the hub runs behind a
     * proxy) or the URL as received, plus the query string.
     */
    static HttpMessage request(HttpServletRequest request, String publicBaseUrl) {
        StringBuilder target = new StringBuilder();
        if (publicBaseUrl != null && !publicBaseUrl.isBlank()) {
            int end = publicBaseUrl.length();
            while (end > 0 && publicBaseUrl.charAt(end - 1) == '/') {
                end--;
            }
            target.append(publicBaseUrl, 0, end).append(request.getRequestURI());
        } else {
            target.append(request.getRequestURL());
        }
        if (request.getQueryString() != null) {
            target.append('?').append(request.getQueryString());
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), Collections.list(request.getHeaders(name)));
        }
        return HttpMessage.request(request.getMethod(), URI.create(target.toString()), headers);
    }
}
