package cn.smedt.hub.packs;

import cn.smedt.connectors.govauth.irs.IrsRequestSecretAuth;
import cn.smedt.connectors.govauth.irs.IrsSignProcessor;
import cn.smedt.connectors.govauth.zhengding.ZhengdingHmacProcessor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * Bean {@code countyPlatformPaging} of the Kamelet {@code smedt-county-rest-poll-source}: the state of one poll of a
 * county platform across its pages. The Kamelet copies its parameters into exchange properties
 * {@code SmedtPaging.<parameter>}, then calls {@link #begin} once, {@link #request} before and {@link #page} after
 * each page's GET (which it loops over while {@code SmedtPagingMore} is true, each page going on to the pack's
 * route), and {@link #end} when the last page went through.
 *
 * <ul>
 *   <li>paging: {@code none} (one GET), {@code page} (page/size, from {@code firstPage}), {@code offset}
 *       (offset/limit) or {@code cursor} (the next cursor at {@code cursorPath} of each answer); it stops at an
 *       empty page, at {@code totalPath}'s total, when the cursor is absent, or after {@code maxPages};</li>
 *   <li>auth: {@code none}, {@code header} ({@code authHeader}: {@code authToken}), {@code zhengding-hmac}
 *       (浙政钉 HMAC headers with {@code apiKey} / {@code secretKey}) or {@code irs} (IRS request secret, app key
 *       {@code apiKey}, secret {@code secretKey}, token URL {@code tokenUrl}): the connectors' own signers;</li>
 *   <li>incremental sync: with {@code sinceParam} and {@code watermarkPath}, each GET carries
 *       {@code sinceParam=<stored watermark>} and after the last page the watermark is raised to the largest
 *       {@code watermarkPath} value of the records ({@link SourceWatermarks}, in the database).</li>
 * </ul>
 */
@Component("countyPlatformPaging")
public class CountyPlatformPaging {

    /** Prefix of the exchange properties holding the Kamelet's parameters. */
    public static final String PARAMETER = "SmedtPaging.";
    /** Exchange property: true while another page is to be fetched. */
    public static final String MORE = "SmedtPagingMore";
    private static final String STATE = "SmedtPagingState";

    private final SourceWatermarks watermarks;
    /** IRS signers by app key and token URL: each caches its request secret. */
    private final Map<String, IrsRequestSecretAuth> irs = new ConcurrentHashMap<>();

    /** The application's mapper: one way of reading JSON. */
    private final ObjectMapper json;

    CountyPlatformPaging(SourceWatermarks watermarks, ObjectMapper json) {
        this.watermarks = watermarks;
        this.json = json;
    }

    /** Where a poll stands. */
    private static final class State {
        long page;
        long offset;
        long fetched;
        int pages;
        String cursor;
        String since;
        String highest;
    }

    /** Starts a poll: first page, stored watermark. */
    public void begin(Exchange exchange) {
        State state = new State();
        state.page = number(exchange, "firstPage", 1);
        state.since = watermarked(exchange) ? watermarks.find(sourceKey(exchange)).orElse(null) : null;
        exchange.setProperty(STATE, state);
        exchange.setProperty(MORE, true);
    }

    /** Prepares the GET of the next page: its query and its authentication. */
    public void request(Exchange exchange) {
        State state = state(exchange);
        List<String> query = new ArrayList<>();
        String fixed = parameter(exchange, "query");
        if (!fixed.isEmpty()) {
            query.add(fixed);
        }
        long size = number(exchange, "pageSize", 100);
        switch (mode(exchange)) {
            case "page" -> {
                query.add(pair(name(exchange, "pageParam", "page"), String.valueOf(state.page)));
                query.add(pair(name(exchange, "sizeParam", "size"), String.valueOf(size)));
            }
            case "offset" -> {
                query.add(pair(name(exchange, "offsetParam", "offset"), String.valueOf(state.offset)));
                query.add(pair(name(exchange, "limitParam", "limit"), String.valueOf(size)));
            }
            case "cursor" -> {
                query.add(pair(name(exchange, "sizeParam", "size"), String.valueOf(size)));
                if (state.cursor != null) {
                    query.add(pair(name(exchange, "cursorParam", "cursor"), state.cursor));
                }
            }
            default -> {
                // one GET
            }
        }
        if (state.since != null) {
            query.add(pair(parameter(exchange, "sinceParam"), state.since));
        }
        Message message = exchange.getMessage();
        message.setBody(null);
        message.setHeader(Exchange.HTTP_METHOD, "GET");
        if (!query.isEmpty()) {
            message.setHeader(Exchange.HTTP_QUERY, String.join("&", query));
        }
        String url = parameter(exchange, "url");
        switch (parameter(exchange, "auth").toLowerCase(Locale.ROOT)) {
            case "", "none" -> {
                // no authentication
            }
            case "header" -> message.setHeader(parameter(exchange, "authHeader"), parameter(exchange, "authToken"));
            case "zhengding-hmac" -> new ZhengdingHmacProcessor(parameter(exchange, "apiKey"),
                    parameter(exchange, "secretKey"), url).process(exchange);
            case "irs" -> new IrsSignProcessor(irs.computeIfAbsent(parameter(exchange, "apiKey") + " "
                    + parameter(exchange, "tokenUrl"), key -> new IrsRequestSecretAuth(parameter(exchange, "apiKey"),
                    parameter(exchange, "secretKey"), parameter(exchange, "tokenUrl"))), url).process(exchange);
            default -> throw new PackDefinitionException("Kamelet smedt-county-rest-poll-source: unknown auth '"
                    + parameter(exchange, "auth") + "' (none, header, zhengding-hmac, irs)");
        }
        exchange.setProperty("SmedtPagingSource", url + (query.isEmpty() ? "" : "?" + String.join("&", query)));
    }

    /**
     * Reads a page's answer (the body, text): counts its records, notes the highest watermark, and decides whether
     * another page follows.
     */
    public void page(Exchange exchange) throws IOException {
        State state = state(exchange);
        state.pages++;
        String mode = mode(exchange);
        if ("none".equals(mode)) {
            exchange.setProperty(MORE, false);
            noteWatermarks(exchange, state, json.readTree(exchange.getMessage().getBody(String.class)));
            return;
        }
        JsonNode answer = json.readTree(exchange.getMessage().getBody(String.class));
        JsonNode records = PackJsonPath.of(parameter(exchange, "recordsPath")).read(answer);
        int count = records.isArray() ? records.size() : 0;
        state.fetched += count;
        noteWatermarks(exchange, state, answer);
        boolean more = count > 0 && state.pages < number(exchange, "maxPages", 1000);
        String totalPath = parameter(exchange, "totalPath");
        if (more && !totalPath.isEmpty()) {
            JsonNode total = PackJsonPath.of(totalPath).read(answer);
            more = !total.canConvertToLong() || state.fetched < total.asLong();
        }
        switch (mode) {
            case "page" -> state.page++;
            case "offset" -> state.offset += count;
            case "cursor" -> {
                JsonNode next = PackJsonPath.of(parameter(exchange, "cursorPath")).read(answer);
                state.cursor = next.isValueNode() && !next.isNull() && !next.asText().isEmpty() ? next.asText() : null;
                more = more && state.cursor != null;
            }
            default -> throw new PackDefinitionException("Kamelet smedt-county-rest-poll-source: unknown paging '"
                    + mode + "' (none, page, offset, cursor)");
        }
        exchange.setProperty(MORE, more);
    }

    /** Ends a poll whose pages all went through: raises the stored watermark. */
    public void end(Exchange exchange) {
        State state = state(exchange);
        if (watermarked(exchange) && state.highest != null) {
            watermarks.raise(sourceKey(exchange), state.highest);
        }
    }

    private static void noteWatermarks(Exchange exchange, State state, JsonNode answer) {
        if (!watermarked(exchange)) {
            return;
        }
        PackJsonPath path = PackJsonPath.of(parameter(exchange, "watermarkPath"));
        JsonNode records = PackJsonPath.of(parameter(exchange, "recordsPath")).read(answer);
        for (JsonNode record : records) {
            JsonNode value = path.read(record);
            if (value.isValueNode() && (state.highest == null || value.asText().compareTo(state.highest) > 0)) {
                state.highest = value.asText();
            }
        }
    }

    private static boolean watermarked(Exchange exchange) {
        return !parameter(exchange, "sinceParam").isEmpty() && !parameter(exchange, "watermarkPath").isEmpty();
    }

    private static String sourceKey(Exchange exchange) {
        String key = parameter(exchange, "sourceKey");
        return key.isEmpty() ? parameter(exchange, "url") : key;
    }

    private static String mode(Exchange exchange) {
        String mode = parameter(exchange, "paging").toLowerCase(Locale.ROOT);
        return mode.isEmpty() ? "none" : mode;
    }

    private static State state(Exchange exchange) {
        State state = exchange.getProperty(STATE, State.class);
        if (state == null) {
            throw new PackDefinitionException("countyPlatformPaging: begin was not called for this poll");
        }
        return state;
    }

    private static String parameter(Exchange exchange, String name) {
        String value = exchange.getProperty(PARAMETER + name, String.class);
        return value == null ? "" : value.trim();
    }

    /** A query parameter's name: the parameter, else the Kamelet's default. */
    private static String name(Exchange exchange, String parameter, String otherwise) {
        String name = parameter(exchange, parameter);
        return name.isEmpty() ? otherwise : name;
    }

    private static long number(Exchange exchange, String name, long otherwise) {
        String value = parameter(exchange, name);
        try {
            return value.isEmpty() ? otherwise : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new PackDefinitionException("Kamelet smedt-county-rest-poll-source: " + name + " '" + value
                    + "' is not a number");
        }
    }

    private static String pair(String name, String value) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
