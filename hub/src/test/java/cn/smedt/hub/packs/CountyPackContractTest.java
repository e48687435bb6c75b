package cn.smedt.hub.packs;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
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
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * The connector contract test kit for county packs. A pack's test extends this class and registers its properties
 * with {@link #register} (see {@code YongkangPackIT}); the kit reads the pack's recorded fixture
 * {@code <pack>/fixtures/contract.yaml}, plays the county platform with WireMock, and proves the pack's three
 * connector routes ({@code routes/*.yaml}, built on the Kamelets of connectors/): the REST poll, the signed webhook,
 * the batch file drop and the county's SFTP server (Apache MINA SSHD on loopback) each import exactly the fixture's
 * {@code imported} enterprises with their canonical values, refuse the {@code refused} ones, refuse an unsigned or
 * replayed webhook call, and set a broken file aside.
 */
@HubIT
abstract class CountyPackContractTest {

    static final String API_KEY = "contract-test-app";
    static final String SECRET = "contract-test-secret";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Per pack under test: its simulated platform, fixture and drop directory (test classes may share a JVM). */
    private static final Map<String, PackUnderTest> PACKS = new java.util.concurrent.ConcurrentHashMap<>();

    private record PackUnderTest(WireMockServer platform, SshServer sftp, Path sftpRoot, Map<String, Object> fixture,
                                 Path dropDirectory) {
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

    /** The pack under test, e.g. {@code zhejiang/jinhua/yongkang} (as given to {@link #register}). */
    protected abstract String pack();

    /** Call from the pack test's {@link HubIT.Settings} method: {@code pack} is e.g. zhejiang/jinhua/yongkang. */
    static void register(HubNode node, String pack) {
        Map<String, Object> fixture = fixture(pack);
        String prefix = (String) fixture.get("properties");
        WireMockServer platform = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        platform.start();
        platform.stubFor(get(urlPathEqualTo((String) fixture.get("platformPath")))
                .willReturn(okJson((String) fixture.get("answer"))));
        Path dropDirectory;
        Path sftpRoot;
        SshServer sftp;
        try {
            dropDirectory = Files.createTempDirectory("pack-drop");
            sftpRoot = Files.createTempDirectory("pack-sftp");
            Files.createDirectories(sftpRoot.resolve("outbox"));
            sftp = sftpServer(sftpRoot);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PackUnderTest previous = PACKS.put(pack, new PackUnderTest(platform, sftp, sftpRoot, fixture, dropDirectory));
        if (previous != null) {
            previous.stop();
        }
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

    @SuppressWarnings("unchecked")
    static Map<String, Object> fixture(String pack) {
        String resource = "packs/" + pack + "/fixtures/contract.yaml";
        try (InputStream in = CountyPackContractTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as("fixture " + resource).isNotNull();
            return new Yaml().load(in);
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
        // 1. REST poll: the route polls once at start-up
        await("the REST poll route to store the fixture's 'imported' enterprises (refused records are logged with"
                + " their problem code: check mapping.yaml)").atMost(Duration.ofSeconds(30)).until(this::allImported);
        assertImportedAsListed();
        forgetImported();

        // 2. webhook, signed with the platform's 浙政钉 HMAC headers
        String path = "/packs/webhooks/" + packPath.replace('/', '-');
        String answer = (String) fixture.get("answer");
        Map<String, String> signed = new ZhengdingHmacAuth(API_KEY, SECRET).headers("POST", path, "");
        HttpResponse<String> accepted = post(path, answer, signed);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        JsonNode summary = JSON.readTree(accepted.body());
        assertThat(summary.path("imported").asInt()).isEqualTo(imported().size());
        assertThat(summary.path("refused").asInt()).isEqualTo(refused().size());
        assertImportedAsListed();
        HttpResponse<String> replayed = post(path, answer, signed);
        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(replayed.body()).path("reason").asText()).isEqualTo("NONCE_REPLAYED");
        HttpResponse<String> unsigned = post(path, answer, Map.of());
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(unsigned.body()).path("code").asText()).isEqualTo("webhook-signature-invalid");
        forgetImported();

        // 3. batch file drop: imported and moved to .done; a broken file goes to .failed and stores nothing
        Files.writeString(dropDirectory.resolve("batch-1.json"), answer);
        await("the file-drop route to store the fixture's 'imported' enterprises").atMost(Duration.ofSeconds(30))
                .until(this::allImported);
        assertImportedAsListed();
        await().atMost(Duration.ofSeconds(30)).until(() -> filesUnder(dropDirectory.resolve(".done"))
                .contains("batch-1.json"));
        forgetImported();
        Files.writeString(dropDirectory.resolve("batch-2.json"), "this is not JSON");
        await().atMost(Duration.ofSeconds(30)).until(() -> filesUnder(dropDirectory.resolve(".failed"))
                .contains("batch-2.json"));
        assertThat(count(imported().stream().map(row -> (String) row.get("uscc")).toList())).isZero();

        // 4. the county's own SFTP server: the platform writes under a temporary name and renames when done; the
        // hub fetches the file, imports it and moves it to .done on that server
        Files.writeString(sftpOutbox.resolve("batch-3.json.tmp"), answer);
        Files.move(sftpOutbox.resolve("batch-3.json.tmp"), sftpOutbox.resolve("batch-3.json"));
        await("the SFTP route to store the fixture's 'imported' enterprises").atMost(Duration.ofSeconds(30))
                .until(this::allImported);
        assertImportedAsListed();
        await().atMost(Duration.ofSeconds(30)).until(() -> filesUnder(sftpOutbox.resolve(".done"))
                .contains("batch-3.json"));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> imported() {
        return (List<Map<String, Object>>) fixture.get("imported");
    }

    @SuppressWarnings("unchecked")
    private List<String> refused() {
        return ((List<Object>) fixture.get("refused")).stream().map(String::valueOf).toList();
    }

    private boolean allImported() {
        return count(imported().stream().map(row -> (String) row.get("uscc")).toList()) == imported().size();
    }

    private void assertImportedAsListed() {
        for (Map<String, Object> expected : imported()) {
            Map<String, Object> row = jdbc.queryForMap("select * from enterprise where uscc = ?", expected.get("uscc"));
            assertThat(row.get("REGISTERED_BY")).isEqualTo("pack:" + packPath);
            expected.forEach((field, value) -> {
                if (!"uscc".equals(field)) {
                    String column = field.replaceAll("([A-Z])", "_$1").toUpperCase();
                    assertThat(String.valueOf(row.get(column))).as(field).isEqualTo(String.valueOf(value));
                }
            });
        }
        assertThat(count(refused())).as("refused records stored").isZero();
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
