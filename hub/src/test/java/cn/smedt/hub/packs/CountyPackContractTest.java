package cn.smedt.hub.packs;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.smedt.connectors.govauth.zhengding.ZhengdingHmacAuth;
import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.yaml.snakeyaml.Yaml;

/**
 * The connector contract test kit for county packs, run by {@code bin/check-pack <pack folder>} (through
 * {@link PackCheckIT}) for a pack wherever it lies, and by the ITs of the packs in the repository
 * ({@code YongkangPackIT}, {@code YiwuPackIT}) on their folders under {@code routes/}: the same mechanism. The kit
 * copies the pack folder into a fresh pack directory ({@code hub.packs.dir}) of the node, reads its recorded fixture
 * {@code fixtures/contract.yaml}, plays the county platform with WireMock (one answer per query: several pages;
 * the headers it expects: an unauthenticated call gets 401), and proves the pack's connector routes
 * ({@code routes/county-*.yaml}, each one the pack has): the REST poll (every page of the fixture asked for), the
 * signed webhook, the batch file drop and the county's SFTP server (Apache MINA SSHD on loopback) each import exactly
 * the fixture's {@code imported} enterprises with their canonical values and refuse the {@code refused} ones (with
 * the problem code, field and value {@code refusals} lists, as the import run records them); an unsigned or replayed
 * webhook call is refused, a broken file set aside.
 */
@HubIT
abstract class CountyPackContractTest {

    static final String API_KEY = "contract-test-app";
    static final String SECRET = "contract-test-secret";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Per pack under test: its simulated platform, fixture and drop directory (test classes may share a JVM). */
    private static final Map<String, PackUnderTest> PACKS = new java.util.concurrent.ConcurrentHashMap<>();

    private record PackUnderTest(WireMockServer platform, SshServer sftp, Path sftpRoot, Map<String, Object> fixture,
                                 Path dropDirectory, Path packDir) {
        void stop() {
            platform.stop();
            try {
                sftp.stop(true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static final String SFTP_USER = "county-platform";
    static final String SFTP_PASSWORD = "contract-test-sftp-password";

    private Map<String, Object> fixture;
    private String packPath;
    private Path dropDirectory;
    private Path sftpOutbox;
    private WireMockServer platform;
    private Path packDir;

    /** The pack under test, e.g. {@code zhejiang/jinhua/yongkang} (as given to {@link #register}). */
    protected abstract String pack();

    /**
     * Call from the pack test's {@link HubIT.Settings} method for a pack of the repository: {@code pack} is e.g.
     * zhejiang/jinhua/yongkang, played from its folder {@code routes/<pack>}.
     */
    static void register(HubNode node, String pack) {
        register(node, pack, Path.of("..", "routes").resolve(pack));
    }

    /**
     * Copies the pack folder {@code packDir} into a fresh pack directory as {@code pack}, starts the simulated
     * platform and SFTP server, and sets the node's properties for the pack's connectors.
     */
    static void register(HubNode node, String pack, Path packDir) {
        Map<String, Object> fixture = fixture(packDir);
        String prefix = (String) fixture.get("properties");
        WireMockServer platform = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        platform.start();
        stubPlatform(platform, fixture);
        Path dropDirectory;
        Path sftpRoot;
        SshServer sftp;
        Path packs;
        try {
            packs = Files.createTempDirectory("pack-check");
            copy(packDir, packs.resolve(pack));
            dropDirectory = Files.createTempDirectory("pack-drop");
            sftpRoot = Files.createTempDirectory("pack-sftp");
            Files.createDirectories(sftpRoot.resolve("outbox"));
            sftp = sftpServer(sftpRoot);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PackUnderTest previous = PACKS.put(pack, new PackUnderTest(platform, sftp, sftpRoot, fixture, dropDirectory,
                packDir));
        if (previous != null) {
            previous.stop();
        }
        node.set("hub.packs.dir", packs.toString());
        node.set(prefix + ".platform.enabled", "true");
        node.set(prefix + ".platform.url", platform.baseUrl());
        node.set(prefix + ".platform.poll-period", "600000");
        node.set(prefix + ".webhook.enabled", "true");
        node.set(prefix + ".webhook.api-key", API_KEY);
        node.set(prefix + ".webhook.secret-key", SECRET);
        node.set(prefix + ".drop.enabled", "true");
        node.set(prefix + ".drop.directory", dropDirectory);
        node.set(prefix + ".sftp.enabled", "true");
        node.set(prefix + ".sftp.host", "127.0.0.1");
        node.set(prefix + ".sftp.port", String.valueOf(sftp.getPort()));
        node.set(prefix + ".sftp.username", SFTP_USER);
        node.set(prefix + ".sftp.password", SFTP_PASSWORD);
        node.set(prefix + ".sftp.directory", "outbox");
        node.set(prefix + ".sftp.poll-delay", "500");
        // the test server's host key is made at start: not checked here (production: a known_hosts file)
        node.set(prefix + ".sftp.strict-host-key-checking", "no");
        // the fixture's own settings of the pack's routes (e.g. the token the platform expects)
        settings(fixture).forEach(node::set);
    }

    /**
     * The platform of the fixture: {@code platform.answers} (each {@code query} it must match, its {@code body}),
     * behind the {@code platform.headers} it expects (anything else: 401); or the older single {@code answer} at
     * {@code platformPath}.
     */
    private static void stubPlatform(WireMockServer platform, Map<String, Object> fixture) {
        String path = platformPath(fixture);
        platform.stubFor(get(urlPathEqualTo(path)).atPriority(10).willReturn(status(401)
                .withBody("{\"code\":401,\"msg\":\"not authenticated as the fixture expects\"}")));
        for (Map<String, Object> answer : answers(fixture)) {
            MappingBuilder stub = get(urlPathEqualTo(path)).atPriority(1);
            query(answer).forEach((name, value) -> stub.withQueryParam(name, equalTo(value)));
            headers(fixture).forEach((name, value) -> stub.withHeader(name, equalTo(value)));
            platform.stubFor(stub.willReturn(okJson((String) answer.get("body"))));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> platformSection(Map<String, Object> fixture) {
        Object platform = fixture.get("platform");
        return platform == null ? Map.of() : (Map<String, Object>) platform;
    }

    private static String platformPath(Map<String, Object> fixture) {
        Object path = platformSection(fixture).get("path");
        return String.valueOf(path != null ? path : fixture.get("platformPath"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> answers(Map<String, Object> fixture) {
        Object answers = platformSection(fixture).get("answers");
        if (answers != null) {
            return (List<Map<String, Object>>) answers;
        }
        return List.of(Map.of("body", fixture.get("answer")));
    }

    /** The body the webhook, file drop and SFTP checks send: {@code answer}, else the first page's. */
    private static String batchAnswer(Map<String, Object> fixture) {
        Object answer = fixture.get("answer");
        return (String) (answer != null ? answer : answers(fixture).get(0).get("body"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> stringMap(Object map) {
        Map<String, String> strings = new LinkedHashMap<>();
        if (map != null) {
            ((Map<String, Object>) map).forEach((key, value) -> strings.put(key, String.valueOf(value)));
        }
        return strings;
    }

    private static Map<String, String> query(Map<String, Object> answer) {
        return stringMap(answer.get("query"));
    }

    private static Map<String, String> headers(Map<String, Object> fixture) {
        return stringMap(platformSection(fixture).get("headers"));
    }

    private static Map<String, String> settings(Map<String, Object> fixture) {
        return stringMap(fixture.get("settings"));
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    /** An SFTP server on 127.0.0.1 (Apache MINA SSHD), password login, files under {@code root}. */
    static SshServer sftpServer(Path root) throws IOException {
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(root.resolveSibling(root.getFileName()
                + "-hostkey.ser")));
        server.setPasswordAuthenticator((user, password, session) -> SFTP_USER.equals(user)
                && SFTP_PASSWORD.equals(password));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        server.start();
        return server;
    }

    static Map<String, Object> fixture(Path packDir) {
        Path file = packDir.resolve("fixtures/contract.yaml");
        assertThat(file).as("the pack's fixture").isRegularFile();
        try {
            return new Yaml().load(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @org.junit.jupiter.api.BeforeEach
    void lookUpPack() {
        PackUnderTest under = PACKS.get(pack());
        assertThat(under).as("register(node, \"" + pack() + "\") in the test's @HubIT.Settings method").isNotNull();
        packPath = pack();
        fixture = under.fixture();
        dropDirectory = under.dropDirectory();
        sftpOutbox = under.sftpRoot().resolve("outbox");
        platform = under.platform();
        packDir = under.packDir();
    }

    @AfterAll
    static void stopPlatforms() {
        PACKS.values().forEach(PackUnderTest::stop);
    }

    @Autowired
    JdbcTemplate jdbc;

    @LocalServerPort
    int port;

    @Test
    void restPollWebhookAndFileDropImportWhatTheFixtureSays() throws Exception {
        // 1. REST poll: the route polls once at start-up, every page of the fixture
        if (hasRoute("county-platform.yaml")) {
            await("the REST poll route to store the fixture's 'imported' enterprises (refused records are logged"
                    + " with their USCC, field, value and problem code: check mapping.yaml)")
                    .atMost(Duration.ofSeconds(30)).until(() -> allImported(imported()));
            assertImportedAsListed(imported(), refused());
            for (Map<String, Object> answer : answers(fixture)) {
                RequestPatternBuilder asked = getRequestedFor(urlPathEqualTo(platformPath(fixture)));
                query(answer).forEach((name, value) -> asked.withQueryParam(name, equalTo(value)));
                headers(fixture).forEach((name, value) -> asked.withHeader(name, equalTo(value)));
                platform.verify(asked);
            }
            await("the import runs to record the fixture's 'refusals'").atMost(Duration.ofSeconds(30))
                    .untilAsserted(this::assertRefusalsRecorded);
            forgetImported();
        }
        String answer = batchAnswer(fixture);
        // the batch checks send one answer: they expect what of the fixture's lists it holds
        String upper = answer.toUpperCase(java.util.Locale.ROOT);
        List<Map<String, Object>> imported = imported().stream()
                .filter(row -> upper.contains(String.valueOf(row.get("uscc")))).toList();
        List<String> refused = refused().stream().filter(upper::contains).toList();

        // 2. webhook, signed with the platform's 浙政钉 HMAC headers
        if (hasRoute("county-webhook.yaml")) {
            String path = "/packs/webhooks/" + packPath.replace('/', '-');
            Map<String, String> signed = new ZhengdingHmacAuth(API_KEY, SECRET).headers("POST", path, "");
            HttpResponse<String> accepted = post(path, answer, signed);
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
            JsonNode summary = JSON.readTree(accepted.body());
            assertThat(summary.path("imported").asInt()).as(accepted.body()).isEqualTo(imported.size());
            assertThat(summary.path("refused").asInt()).as(accepted.body()).isEqualTo(refused.size());
            assertImportedAsListed(imported, refused);
            HttpResponse<String> replayed = post(path, answer, signed);
            assertThat(replayed.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(replayed.body()).path("reason").asText()).isEqualTo("NONCE_REPLAYED");
            HttpResponse<String> unsigned = post(path, answer, Map.of());
            assertThat(unsigned.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(unsigned.body()).path("code").asText()).isEqualTo("webhook-signature-invalid");
            forgetImported();
        }

        // 3. batch file drop: imported and moved to .done; a broken file goes to .failed and stores nothing
        if (hasRoute("county-file-drop.yaml")) {
            Files.writeString(dropDirectory.resolve("batch-1.json"), answer);
            await("the file-drop route to store the fixture's 'imported' enterprises").atMost(Duration.ofSeconds(30))
                    .until(() -> allImported(imported));
            assertImportedAsListed(imported, refused);
            await().atMost(Duration.ofSeconds(30)).until(() -> filesUnder(dropDirectory.resolve(".done"))
                    .contains("batch-1.json"));
            forgetImported();
            Files.writeString(dropDirectory.resolve("batch-2.json"), "this is not JSON");
            await().atMost(Duration.ofSeconds(30)).until(() -> filesUnder(dropDirectory.resolve(".failed"))
                    .contains("batch-2.json"));
            assertThat(count(imported.stream().map(row -> (String) row.get("uscc")).toList())).isZero();
        }

        // 4. the county's own SFTP server: the platform writes under a temporary name and renames when done; the
        // hub fetches the file, imports it and moves it to .done on that server
        if (hasRoute("county-sftp-drop.yaml")) {
            Files.writeString(sftpOutbox.resolve("batch-3.json.tmp"), answer);
            Files.move(sftpOutbox.resolve("batch-3.json.tmp"), sftpOutbox.resolve("batch-3.json"));
            await("the SFTP route to store the fixture's 'imported' enterprises").atMost(Duration.ofSeconds(30))
                    .until(() -> allImported(imported));
            assertImportedAsListed(imported, refused);
            await().atMost(Duration.ofSeconds(30)).until(() -> filesUnder(sftpOutbox.resolve(".done"))
                    .contains("batch-3.json"));
        }
    }

    private boolean hasRoute(String file) {
        return Files.isRegularFile(packDir.resolve("routes").resolve(file));
    }

    /** Each of the fixture's {@code refusals} ({uscc, code, field, value}) is recorded in a run of the pack. */
    @SuppressWarnings("unchecked")
    private void assertRefusalsRecorded() {
        Object listed = fixture.get("refusals");
        if (listed == null) {
            return;
        }
        List<Map<String, Object>> recorded = jdbc.queryForList("select f.uscc, f.code, f.field, f.county_value"
                + " from pack_import_refusal f join pack_import_run r on r.run_id = f.run_id where r.pack = ?",
                packPath);
        for (Map<String, Object> expected : (List<Map<String, Object>>) listed) {
            Map<String, String> want = stringMap(expected);
            assertThat(recorded).as("refusal " + want + " recorded").anySatisfy(row -> {
                assertThat(String.valueOf(row.get("USCC"))).isEqualTo(want.get("uscc"));
                assertThat(String.valueOf(row.get("CODE"))).isEqualTo(want.get("code"));
                if (want.containsKey("field")) {
                    assertThat(String.valueOf(row.get("FIELD"))).isEqualTo(want.get("field"));
                }
                if (want.containsKey("value")) {
                    assertThat(String.valueOf(row.get("COUNTY_VALUE"))).isEqualTo(want.get("value"));
                }
            });
        }
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> imported() {
        return (List<Map<String, Object>>) fixture.get("imported");
    }

    @SuppressWarnings("unchecked")
    private List<String> refused() {
        return ((List<Object>) fixture.get("refused")).stream().map(String::valueOf).toList();
    }

    private boolean allImported(List<Map<String, Object>> imported) {
        return count(imported.stream().map(row -> (String) row.get("uscc")).toList()) == imported.size();
    }

    private void assertImportedAsListed(List<Map<String, Object>> imported, List<String> refused) {
        for (Map<String, Object> expected : imported) {
            Map<String, Object> row = jdbc.queryForMap("select * from enterprise where uscc = ?", expected.get("uscc"));
            assertThat(row.get("REGISTERED_BY")).isEqualTo("pack:" + packPath);
            expected.forEach((field, value) -> {
                if (!"uscc".equals(field)) {
                    String column = field.replaceAll("([A-Z])", "_$1").toUpperCase();
                    assertThat(String.valueOf(row.get(column))).as(field).isEqualTo(String.valueOf(value));
                }
            });
        }
        assertThat(count(refused)).as("refused records stored").isZero();
    }

    private void forgetImported() {
        for (Map<String, Object> row : imported()) {
            jdbc.update("delete from enterprise where uscc = ?", row.get("uscc"));
        }
    }

    private long count(List<String> usccs) {
        return usccs.stream().mapToLong(uscc -> jdbc.queryForObject("select count(*) from enterprise where uscc = ?",
                Long.class, uscc)).sum();
    }

    private HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(HubNode.url(port) + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        return cn.smedt.hub.TestTls.httpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> filesUnder(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).map(file -> file.getFileName().toString()).toList();
        }
    }
}
