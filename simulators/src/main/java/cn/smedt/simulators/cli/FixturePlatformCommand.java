package cn.smedt.simulators.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A county platform played from a pack's recorded fixture ({@code fixtures/contract.yaml}, the same the contract
 * kit plays): GET {@code platform.path} answers the body of the first of {@code platform.answers} whose
 * {@code query} parameters the request carries, when it carries {@code platform.headers}; 401 without them, an
 * empty page ({@code {"code":0,"data":{"total":0,"rows":[]}}}, or {@code emptyAnswer}) for any other query. To try
 * a pack against a running hub (docs/adding-a-county.md).
 */
@Command(name = "serve-fixture", mixinStandardHelpOptions = true,
        description = "Serve a county pack's recorded platform answers on 127.0.0.1.")
public final class FixturePlatformCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "the pack folder (with fixtures/contract.yaml)")
    Path pack;

    @Option(names = "--port", defaultValue = "18081", description = "loopback port (${DEFAULT-VALUE})")
    int port;

    @Override
    public Integer call() throws Exception {
        JsonNode fixture = new YAMLMapper().readTree(pack.resolve("fixtures/contract.yaml").toFile());
        JsonNode platform = fixture.path("platform");
        String path = platform.path("path").asText(fixture.path("platformPath").asText("/"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext(path, exchange -> answer(exchange, fixture, platform));
        server.start();
        System.out.println("serving " + pack + " fixture on http://127.0.0.1:" + port + path + " (Ctrl-C stops)");
        new CountDownLatch(1).await();
        return 0;
    }

    private static void answer(HttpExchange exchange, JsonNode fixture, JsonNode platform) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        for (Iterator<Map.Entry<String, JsonNode>> it = platform.path("headers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> header = it.next();
            if (!header.getValue().asText().equals(exchange.getRequestHeaders().getFirst(header.getKey()))) {
                send(exchange, 401, "{\"code\":401,\"msg\":\"missing or wrong " + header.getKey() + "\"}");
                return;
            }
        }
        JsonNode answers = platform.path("answers");
        if (answers.isMissingNode()) {
            send(exchange, 200, fixture.path("answer").asText());
            return;
        }
        for (JsonNode answer : answers) {
            boolean matches = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = answer.path("query").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> param = it.next();
                matches &= param.getValue().asText().equals(query.get(param.getKey()));
            }
            if (matches) {
                send(exchange, 200, answer.path("body").asText());
                return;
            }
        }
        send(exchange, 200, platform.path("emptyAnswer").asText("{\"code\":0,\"data\":{\"total\":0,\"rows\":[]}}"));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                query.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new FixturePlatformCommand()).execute(args));
    }
}
