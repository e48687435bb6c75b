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
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tests' one headless Chromium (Debian package chromium, installed by .ci/run): one page of it driven through the
 * DevTools protocol over its WebSocket. Tests that act in the page as a user does (click a link, press back) use
 * {@link #navigate}, {@link #beforeEveryDocument} and {@link #eval} (Runtime.evaluate, the value returned as JSON);
 * tests that only render an address use {@link #renderedDom} and {@link #screenshot}, which wait until the page
 * settled (loaded, no request in flight, its DOM unchanged between two looks). The browser listens on a free loopback
 * port of its own choosing and is closed with the page.
 */
final class ChromiumPage implements AutoCloseable {

    /** Where the Debian package installs the browser. */
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration ANSWER = Duration.ofSeconds(30);
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final Duration LOOK_AGAIN = Duration.ofMillis(300);

    private final Process browser;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    /** The page's requests sent and not yet finished or failed (Network domain events). */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    private ChromiumPage(Process browser, String debuggerUrl) {
        this.browser = browser;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(debuggerUrl), new Answers()).join();
    }

    /** Starts the browser on about:blank at 1600×1000 and attaches to its page. */
    static ChromiumPage open() throws Exception {
        Path profile = Files.createTempDirectory("chromium-cdp");
        Process browser = new ProcessBuilder(CHROMIUM.toString(), "--headless=new", "--no-sandbox",
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
                    ChromiumPage page = new ChromiumPage(browser, target.path("webSocketDebuggerUrl").asText());
                    page.call("Network.enable", JSON.createObjectNode());
                    return page;
                }
            }
            throw new AssertionError("chromium has no page target: " + targets.body());
        } catch (Exception | AssertionError e) {
            browser.destroyForcibly();
            throw e;
        }
    }

    /** Opens an address in the page (Page.navigate). */
    void navigate(String url) throws Exception {
        ObjectNode params = JSON.createObjectNode().put("url", url);
        inFlight.clear();
        JsonNode answer = call("Page.navigate", params);
        if (answer.hasNonNull("errorText")) {
            throw new AssertionError(url + ": " + answer.path("errorText").asText());
        }
    }

    /** The DOM of the page at {@code url} after its scripts ran and it settled (as {@code chromium --dump-dom}). */
    String renderedDom(String url) throws Exception {
        navigate(url);
        return settled(url);
    }

    /**
     * A screenshot of the page at {@code url}, the viewport 1600 wide and {@code height} high without scrollbars,
     * taken when the page settled and two shots in a row are the same; saved as hub/target/{@code name}.
     */
    void screenshot(String url, String name, int height) throws Exception {
        Path file = Path.of("target", name).toAbsolutePath();
        Files.deleteIfExists(file);
        call("Emulation.setDeviceMetricsOverride", JSON.createObjectNode().put("width", 1600).put("height", height)
                .put("deviceScaleFactor", 1).put("mobile", false));
        call("Emulation.setScrollbarsHidden", JSON.createObjectNode().put("hidden", true));
        try {
            navigate(url);
            settled(url);
            // the charts animate on their canvases, outside the DOM: settled too when two shots are the same
            String[] lastShot = {null};
            String shot = await().atMost(SETTLE).pollInterval(LOOK_AGAIN).until(() -> {
                String look = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"))
                        .path("data").asText();
                String previous = lastShot[0];
                lastShot[0] = look;
                return look.equals(previous) ? look : null;
            }, png -> png != null);
            Files.write(file, Base64.getDecoder().decode(shot));
        } finally {
            call("Emulation.setScrollbarsHidden", JSON.createObjectNode().put("hidden", false));
            call("Emulation.clearDeviceMetricsOverride", JSON.createObjectNode());
        }
    }

    /**
     * Waits until the document of {@code url} is complete, none of its requests is in flight and its DOM did not
     * change between two looks; answers that DOM.
     */
    private String settled(String url) {
        String[] lastLook = {null};
        return await().atMost(SETTLE).pollInterval(LOOK_AGAIN).until(() -> {
            String look = eval("document.readyState === 'complete' && location.href === " + JSON.writeValueAsString(url)
                    + " ? document.documentElement.outerHTML : ''");
            String previous = lastLook[0];
            lastLook[0] = look;
            return look.isEmpty() || !inFlight.isEmpty() || !look.equals(previous) ? null : look;
        }, dom -> dom != null);
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

    /** Collects the frames of each message and completes the call it answers; follows the requests in flight. */
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
                    String requestId = message.path("params").path("requestId").asText();
                    switch (message.path("method").asText()) {
                        case "Network.requestWillBeSent" -> inFlight.add(requestId);
                        case "Network.loadingFinished", "Network.loadingFailed" -> inFlight.remove(requestId);
                        default -> { }
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
