package cn.smedt.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * One meter of the hub under test, read from its actuator ({@code /actuator/metrics/<name>?tag=<key>:<value>}) on
 * the operator URL of system property {@code bench.hub.operator} (the bench scripts set it from
 * {@code bench/lib/hub.sh}'s HUB_OPERATOR_PORT). One meter per call, not the whole Prometheus scrape, so polling it
 * often costs the hub little.
 */
final class HubMeters {

    private static final URI OPERATOR = URI.create(System.getProperty("bench.hub.operator", "http://127.0.0.1:0"));
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private HubMeters() {
    }

    /**
     * The first measurement (a counter's count, a gauge's value) of meter {@code name} summed over the meters with the
     * tag {@code key=value} (over all of them when {@code key} is null); 0 while the hub has no such meter yet.
     */
    static double value(String name, String key, String value) throws IOException, InterruptedException {
        JsonNode measurements = measurements(name, key, value);
        return measurements.isEmpty() ? 0 : measurements.get(0).path("value").asDouble();
    }

    /**
     * Measurement {@code statistic} ({@code COUNT}, {@code TOTAL}, {@code TOTAL_TIME} in seconds, {@code MAX}) of
     * meter {@code name} (a summary or timer), over all its tags; 0 while the hub has no such meter yet.
     */
    static double statistic(String name, String statistic) throws IOException, InterruptedException {
        for (JsonNode measurement : measurements(name, null, null)) {
            if (statistic.equals(measurement.path("statistic").asText())) {
                return measurement.path("value").asDouble();
            }
        }
        return 0;
    }

    private static JsonNode measurements(String name, String key, String value)
            throws IOException, InterruptedException {
        URI uri = OPERATOR.resolve("/actuator/metrics/" + name + (key == null ? ""
                : "?tag=" + URLEncoder.encode(key + ":" + value, StandardCharsets.UTF_8)));
        HttpResponse<byte[]> answer = HTTP.send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (answer.statusCode() == 404) {
            return JSON.createArrayNode();
        }
        if (answer.statusCode() != 200) {
            throw new LoanBatchThroughput.BenchFailedException("the hub's meter " + uri + " answered "
                    + answer.statusCode() + " (system property bench.hub.operator: the hub's operator URL)");
        }
        return JSON.readTree(answer.body()).path("measurements");
    }
}
