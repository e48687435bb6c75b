package cn.smedt.hub.progress;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One page of a headless Chromium (Debian package chromium) driven through the DevTools protocol over its WebSocket,
 * for tests that act in the page as a user does (click a link, press back) rather than only render an address:
 * {@link #navigate}, {@link #beforeEveryDocument}, {@link #eval} (Runtime.evaluate, the value returned as JSON). The browser listens on a free
 * loopback port of its own choosing and is closed with the page.
 */
final class ChromiumPage implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration ANSWER = Duration.ofSeconds(30);

    private final Process browser;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private ChromiumPage(Process browser, String debuggerUrl) {
        this.browser = browser;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(debuggerUrl), new Answers()).join();
    }

    /** Starts the browser on about:blank at 1600×1000 and attaches to its page. */
    static ChromiumPage open() throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium-cdp");
        Process browser = new ProcessBuilder(DashboardIT.CHROMIUM.toString(), "--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--remote-allow-origins=*",
                "--window-size=1600,1000", "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Path activePort = profile.resolve("DevToolsActivePort");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(activePort)
                    && Files.readAllLines(activePort).size() >= 2);
            int port = Integer.parseInt(Files.readAllLines(activePort).get(0).strip());
            HttpResponse<String> targets = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/json/list")).build(), HttpResponse.BodyHandlers.ofString());
            for (JsonNode target : JSON.readTree(targets.body())) {
                if ("page".equals(target.path("type").asText())) {
                    return new ChromiumPage(browser, target.path("webSocketDebuggerUrl").asText());
                }
            }
            throw new AssertionError("chromium has no page target: " + targets.body());
        } catch (IOException | RuntimeException | AssertionError e) {
            browser.destroyForcibly();
            throw e;
        }
    }

    /** Opens an address in the page (Page.navigate). */
    void navigate(String url) throws Exception {
        ObjectNode params = JSON.createObjectNode().put("url", url);
        call("Page.navigate", params);
    }

    /** Runs a script in every document the page loads from now on, before the document's own scripts. */
    void beforeEveryDocument(String script) throws Exception {
        call("Page.enable", JSON.createObjectNode());
        call("Page.addScriptToEvaluateOnNewDocument", JSON.createObjectNode().put("source", script));
    }

    /** Evaluates a JavaScript expression in the page; its value as text ("" for undefined or null). */
    String eval(String expression) throws Exception {
        ObjectNode params = JSON.createObjectNode().put("expression", expression).put("returnByValue", true);
        JsonNode answer = call("Runtime.evaluate", params);
        if (answer.has("exceptionDetails")) {
            throw new AssertionError(expression + ": " + answer.path("exceptionDetails"));
        }
        JsonNode value = answer.path("result").path("value");
        return value.isMissingNode() || value.isNull() ? "" : value.asText();
    }

    private JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        socket.sendText(JSON.writeValueAsString(message), true).join();
        JsonNode reply = answer.get(ANSWER.toSeconds(), TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new AssertionError(method + ": " + reply.path("error"));
        }
        return reply.path("result");
    }

    @Override
    public void close() throws InterruptedException {
        socket.abort();
        browser.destroy();
        if (!browser.waitFor(10, TimeUnit.SECONDS)) {
            browser.destroyForcibly();
        }
    }

    /** Collects the frames of each message and completes the call it answers (events are ignored). */
    private final class Answers implements WebSocket.Listener {

        private final StringBuilder frames = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            frames.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(frames.toString());
                    CompletableFuture<JsonNode> waiting = message.has("id")
                            ? pending.remove(message.path("id").asInt()) : null;
                    if (waiting != null) {
                        waiting.complete(message);
                    }
                } catch (IOException e) {
                    pending.values().forEach(waiting -> waiting.completeExceptionally(e));
                } finally {
                    frames.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
