package cn.smedt.connectors.govauth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.StreamCache;
import org.apache.camel.util.UnsafeUriCharactersEncoder;

/**
 * The HTTP request that camel-http (Camel 4.18) will send for an exchange, worked out from the same headers and in
 * the same order of precedence, so that a processor can sign exactly what goes on the wire.
 *
 * <ul>
 *   <li>URL: {@link Exchange#HTTP_URI} if set, else the target URI the processor was configured with (the URL of the
 *       {@code to} endpoint, without Camel endpoint options); {@link Exchange#HTTP_PATH} is appended with exactly one
 *       {@code /} between them; unsafe characters are percent-encoded as camel-http does.</li>
 *   <li>Query: {@link Exchange#HTTP_RAW_QUERY}, else {@link Exchange#HTTP_QUERY}, else the target URI's query, else
 *       the query of {@link Exchange#HTTP_URI}.</li>
 *   <li>Method: {@link Exchange#HTTP_METHOD} if set; otherwise camel-http's default: GET when a query is present
 *       (from {@code HTTP_QUERY}, {@code HTTP_URI} or the target), else POST when there is a body, else GET.</li>
 * </ul>
 *
 * <p>Not modelled: the endpoint options {@code httpMethod} (overrides the header: do not use it with signing
 * processors, set {@code CamelHttpMethod} instead), {@code bridgeEndpoint} and {@code skipControlHeaders}.
 *
 * @param method   upper-case HTTP method
 * @param rawPath  the path as sent (percent-encoded, {@code /} at least), or null when neither a target URI nor
 *                 {@code CamelHttpUri} gives the URL
 * @param rawQuery the query as sent (percent-encoded, no {@code ?}), or null
 */
public record OutgoingHttpCall(String method, String rawPath, String rawQuery) {

    /**
     * @param exchange  the exchange about to be sent to a camel-http endpoint
     * @param targetUri the endpoint's URL ({@code https://host/path?q=1}, {@code http:host/path} or just
     *                  {@code /path}); may be null when every exchange carries {@link Exchange#HTTP_URI} (or when
     *                  only the query and the method are needed)
     * @throws GovAuthException when a URI cannot be parsed
     */
    public static OutgoingHttpCall of(Exchange exchange, String targetUri) {
        Message message = exchange.getMessage();
        String headerUri = message.getHeader(Exchange.HTTP_URI, String.class);
        URI target = targetUri == null || targetUri.isBlank() ? null : parse(targetUri);
        URI baseUri = headerUri != null ? parse(headerUri) : target;

        String path = null;
        if (baseUri != null) {
            path = appendPath(baseUri.getRawPath(), message.getHeader(Exchange.HTTP_PATH, String.class));
            path = UnsafeUriCharactersEncoder.encodeHttpURI(path.isEmpty() ? "/" : path);
        }

        String headerQuery = message.getHeader(Exchange.HTTP_QUERY, String.class);
        String query = message.getHeader(Exchange.HTTP_RAW_QUERY, String.class);
        if (query == null) {
            query = headerQuery;
        }
        if (query == null && target != null) {
            query = target.getRawQuery();
        }
        if (query == null && headerUri != null) {
            query = baseUri.getRawQuery();
        }
        if (query != null) {
            query = UnsafeUriCharactersEncoder.encodeHttpURI(query);
        }
        return new OutgoingHttpCall(method(message, headerQuery, headerUri != null ? baseUri : null, target), path,
                query);
    }

    /**
     * The path, or a {@link GovAuthException} saying how to configure it.
     */
    public String requirePath() {
        if (rawPath == null) {
            throw new GovAuthException("cannot tell which URL the request goes to: configure the processor with the "
                    + "target URI or set the " + Exchange.HTTP_URI + " header");
        }
        return rawPath;
    }

    /** The decoded query parameters. */
    public QueryParameters query() {
        return QueryParameters.parse(rawQuery);
    }

    private static String method(Message message, String headerQuery, URI headerUri, URI target) {
        String method = message.getHeader(Exchange.HTTP_METHOD, String.class);
        if (method != null && !method.isBlank()) {
            return method.trim().toUpperCase(Locale.ROOT);
        }
        // camel-http's HttpMethodHelper: HTTP_QUERY, else the query of HTTP_URI, else the endpoint's query
        String query = headerQuery;
        if (query == null && headerUri != null) {
            query = headerUri.getRawQuery();
        }
        if (query == null && target != null) {
            query = target.getRawQuery();
        }
        if (query != null) {
            return "GET";
        }
        Object body = message.getBody();
        if (body instanceof StreamCache cache) {
            return cache.length() > 0 ? "POST" : "GET";
        }
        return body != null ? "POST" : "GET";
    }

    /** camel-http's rule: strip one leading slash from the path header, then join with exactly one slash. */
    private static String appendPath(String basePath, String headerPath) {
        String base = basePath == null ? "" : basePath;
        if (headerPath == null) {
            return base;
        }
        String path = headerPath.length() > 1 && headerPath.startsWith("/") ? headerPath.substring(1) : headerPath;
        if (path.isEmpty()) {
            return base;
        }
        if (base.endsWith("/") && path.startsWith("/")) {
            return base + path.substring(1);
        }
        return base.endsWith("/") || path.startsWith("/") ? base + path : base + "/" + path;
    }

    private static URI parse(String uri) {
        String text = uri.trim();
        // Camel accepts "http:host/path" without the slashes
        for (String scheme : new String[] {"http:", "https:"}) {
            if (text.regionMatches(true, 0, scheme, 0, scheme.length()) && !text.startsWith("//", scheme.length())) {
                text = scheme + "//" + text.substring(scheme.length());
            }
        }
        try {
            return new URI(UnsafeUriCharactersEncoder.encodeHttpURI(text));
        } catch (URISyntaxException e) {
            throw new GovAuthException("not a URI: " + uri, e);
        }
    }
}
