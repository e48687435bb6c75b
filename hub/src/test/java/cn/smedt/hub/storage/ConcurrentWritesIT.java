package cn.smedt.hub.storage;

import static cn.smedt.hub.TestPartners.ASSESSOR_ZZ;
import static cn.smedt.hub.TestPartners.BANK_ZZ;
import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static cn.smedt.hub.TestPartners.PLATFORM_ZZ;
import static org.assertj.core.api.Assertions.assertThat;

import cn.smedt.api.identifiers.Uscc;
import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.SignedCall.Reply;
import cn.smedt.hub.TestPartners.TestPartner;
import cn.smedt.hub.devices.DeviceCredentials;
import cn.smedt.hub.devices.DeviceTelemetry;
import cn.smedt.hub.ledger.LedgerAccount;
import cn.smedt.security.keys.PemKeys;
import cn.smedt.security.signature.SignatureAlgorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.map.MapStore;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every insert-or-update of a shared row is race-free ({@link RaceFreeWrites}): in each round several partners (or
 * requests with their own Idempotency-Keys) write the same new record at the same moment (a barrier releases them
 * together); every answer is 2xx (or the documented 409 for other data), never 5xx, and the row ends right. Bounded:
 * {@value #ROUNDS} rounds of {@value #THREADS} writers per path. Runs on the database HubNode selects (H2 and
 * PostgreSQL under READ COMMITTED).
 * <p>
 * Not covered here: the devices package's upserts (device, device_credential, device_minute), changed elsewhere.
 */
@HubIT
class ConcurrentWritesIT {

    static final int ROUNDS = 25;
    static final int THREADS = 4;
    static final String COUNTY = "410181";
    static final ObjectMapper JSON = new ObjectMapper();
    /** A second industrial internet platform of the same regions (two platforms report one enterprise). */
    static final TestPartner PLATFORM_2 = new TestPartner("platform-zz2", "PLATFORM", "410100",
            "cloud:write,cloud:read", SignatureAlgorithm.ECDSA_P256_SHA256,
            PemKeys.generate(SignatureAlgorithm.ECDSA_P256_SHA256));
    /** A child hub node of this one, sending the summaries of its counties. */
    static final TestPartner CHILD_HUB = new TestPartner("hub-4101", "HUB", "410100", "federation:summary",
            SignatureAlgorithm.SM2_SM3, PemKeys.generate(SignatureAlgorithm.SM2_SM3));
    static final ExecutorService WRITERS = Executors.newFixedThreadPool(THREADS);

    @HubIT.Settings
    static void node(HubNode node) {
        node.qualify(ASSESSOR_ZZ, "CERT-" + ASSESSOR_ZZ.id(), "2023-01-01", "2099-12-31");
        node.extraPartner(PLATFORM_2).extraPartner(CHILD_HUB)
                .partner(GOV_ZZ, "scopes", GOV_ZZ.scopes() + ",partners:admin,projects:write,projects:read");
    }

    @AfterAll
    static void stopWriters() {
        WRITERS.shutdownNow();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApplicationContext context;

    String base;

    @BeforeEach
    void setUp() {
        base = HubNode.url(port);
    }

    static String uscc(String prefix, int n) {
        String first17 = prefix + String.format("%07d", n);
        return first17 + Uscc.checkCharacter(first17);
    }

    static String yesterday() {
        return LocalDate.now(ZoneId.of("Asia/Shanghai")).minusDays(1).toString();
    }

    Reply post(TestPartner partner, String path, String body) throws Exception {
        return SignedCall.post(base, path, body).by(partner.signer()).send();
    }

    /** Runs {@code writers} writers released together; answers their replies in writer order. */
    static List<Reply> race(int writers, IntFunction<Callable<Reply>> writer) throws Exception {
        CyclicBarrier start = new CyclicBarrier(writers);
        List<Future<Reply>> futures = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            Callable<Reply> call = writer.apply(i);
            futures.add(WRITERS.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                return call.call();
            }));
        }
        List<Reply> replies = new ArrayList<>();
        for (Future<Reply> future : futures) {
            replies.add(future.get(60, TimeUnit.SECONDS));
        }
        return replies;
    }

    static String body(Reply reply) {
        return reply.status() + " " + new String(reply.response().body(), StandardCharsets.UTF_8);
    }

    /** Every reply has one of {@code allowed} statuses; exactly {@code created} of them has {@code createdStatus}. */
    static void assertAnswered(List<Reply> replies, Set<Integer> allowed, int createdStatus) {
        assertThat(replies).allSatisfy(reply -> assertThat(reply.status()).as(body(reply)).isIn(allowed));
        assertThat(replies).filteredOn(reply -> reply.status() == createdStatus).as("one writer creates the row")
                .hasSize(1);
    }

    void register(String uscc, String name) throws Exception {
        Reply reply = post(GOV_ZZ, "/api/v1/enterprises", enterprise(uscc, name));
        assertThat(reply.status()).as(body(reply)).isEqualTo(201);
    }

    static String enterprise(String uscc, String name) {
        return """
                {"uscc":"%s","name":"%s","regionCode":"%s","industryCode":"ZZ-AUTO-PARTS","scale":"SMALL",
                 "tags":["SPECIALISED_SME"],"pilot":true}""".formatted(uscc, name, COUNTY);
    }

    @Test
    void registerEnterprise() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String uscc = uscc("914101810E", round);
            List<Reply> replies = race(THREADS, i -> () -> post(GOV_ZZ, "/api/v1/enterprises",
                    enterprise(uscc, "并发企业 " + i)));
            assertAnswered(replies, Set.of(200, 201), 201);
            String name = jdbc.queryForObject("select name from enterprise where uscc = ?", String.class, uscc);
            assertThat(name).startsWith("并发企业 ");
        }
    }

    @Test
    void submitCloudAdoptionFromTwoPlatforms() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String uscc = uscc("914101810C", round);
            register(uscc, "上云企业");
            LocalDate newest = LocalDate.now(ZoneId.of("Asia/Shanghai")).minusDays(1);
            List<Reply> replies = race(THREADS, i -> () -> post(i % 2 == 0 ? PLATFORM_ZZ : PLATFORM_2,
                    "/api/v1/cloud-adoption", """
                            {"uscc":"%s","reportedOn":"%s","saasApps":[{"appId":"app-%d","name":"应用 %d"}],
                             "paymentMode":"PER_USE","devicesConnected":%d}"""
                            .formatted(uscc, newest.minusDays(i), i, i, i)));
            // 202 when it became current, 200 STALE when a newer one was already in force: never 5xx
            assertThat(replies).allSatisfy(reply -> assertThat(reply.status()).as(body(reply)).isIn(200, 202));
            JsonNode current = SignedCall.get(base, "/api/v1/cloud-adoption/" + uscc).by(PLATFORM_ZZ.signer())
                    .send().json();
            assertThat(current.path("reportedOn").asText()).as("the newest report wins").isEqualTo(newest.toString());
            assertThat(current.path("devicesConnected").asInt()).isZero();
            assertThat(current.path("saasApps")).hasSize(1);
            assertThat(current.path("saasApps").get(0).path("appId").asText()).isEqualTo("app-0");
        }
    }

    @Test
    void submitRegionSummary() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            jdbc.update("delete from region_summary where region_code = ?", COUNTY);  // a first summary again
            List<Reply> replies = race(THREADS, i -> () -> post(CHILD_HUB, "/api/v1/federation/summaries", """
                    {"regionCode":"%s","asOf":"2026-11-30T0%d:00:00Z","summary":{"region":"%s","regionName":"巩义市",
                     "asOf":"2026-11-30T0%d:00:00Z","enterprises":%d,"pilots":0,"transformed":0,
                     "transformedMinLevel":2,"counties":{},"industries":{},"levels":{},"cloudByPaymentMode":{},
                     "subsidies":{},"deliveries":{},"devices":{"known":0,"online":0}}}"""
                    .formatted(COUNTY, i, COUNTY, i, i)));
            assertThat(replies).allSatisfy(reply -> assertThat(reply.status()).as(body(reply)).isEqualTo(202));
            String newest = "2026-11-30T0" + (THREADS - 1) + ":00:00Z";
            assertThat(jdbc.queryForObject("select as_of from region_summary where region_code = ?",
                    java.sql.Timestamp.class, COUNTY).toInstant().toString()).isEqualTo(newest);
            JsonNode kept = JSON.readTree(jdbc.queryForObject("select summary from region_summary where region_code"
                    + " = ?", String.class, COUNTY));
            assertThat(kept.path("enterprises").asInt()).isEqualTo(THREADS - 1);
            assertThat(kept.path("asOf").asText()).isEqualTo(newest);
        }
    }

    @Test
    void onboardPartnerAndSuspendIt() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String id = "race-partner-" + round;
            String pem = PemKeys.toPem(PemKeys.generate(SignatureAlgorithm.ED25519).getPublic()).replace("\n", "\\n");
            String partner = """
                    {"id":"%s","name":"并发银行","type":"BANK","regions":["410100"],"scopes":["loans:read"],
                     "keys":[{"keyId":"%s-key-1","algorithm":"ed25519","publicKeyPem":"%s",
                              "notAfter":"2099-01-01T00:00:00Z"}]}""".formatted(id, id, pem);
            List<Reply> onboarded = race(THREADS, i -> () -> post(GOV_ZZ, "/api/v1/partners", partner));
            assertThat(onboarded).allSatisfy(reply -> assertThat(reply.status()).as(body(reply)).isIn(200, 201));
            assertThat(onboarded).filteredOn(reply -> reply.status() == 201).hasSize(1);
            assertThat(jdbc.queryForObject("select count(*) from registry_key where partner_id = ?", Long.class, id))
                    .isOne();

            List<Reply> suspended = race(THREADS, i -> () -> post(GOV_ZZ, "/api/v1/partners/" + id
                    + (i % 2 == 0 ? "/suspension" : "/reinstatement"), "{\"reason\":\"并发 " + i + "\"}"));
            assertThat(suspended).allSatisfy(reply -> assertThat(reply.status()).as(body(reply)).isEqualTo(200));
            assertThat(jdbc.queryForObject("select count(*) from registry_partner_status where partner_id = ?",
                    Long.class, id)).isOne();
        }
    }

    @Test
    void publishLpr() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String date = LocalDate.of(2030, 1, 1).plusDays(round).toString();
            List<Reply> replies = race(THREADS, i -> () -> post(GOV_ZZ, "/api/v1/lpr", """
                    {"effectiveFrom":"%s","oneYear":"3.%d000","fiveYear":"3.5000","source":"并发 %d"}"""
                    .formatted(date, i, i)));
            assertThat(replies).allSatisfy(reply -> assertThat(reply.status()).as(body(reply)).isEqualTo(201));
            assertThat(jdbc.queryForObject("select count(*) from lpr_publication where effective_from = ?",
                    Long.class, java.sql.Date.valueOf(date))).isOne();
        }
    }

    @Test
    void submitLoanAndInterestPeriodTwice() throws Exception {
        String uscc = uscc("914101810L", 1);
        register(uscc, "贷款企业");
        for (int round = 0; round < ROUNDS; round++) {
            String loan = """
                    {"bankLoanId":"race-%d","uscc":"%s","product":"DIGITAL_LOAN","principal":"1000000.00",
                     "startDate":"2025-01-02","maturityDate":"2027-01-02"}""".formatted(round, uscc);
            String loanId = assertOneRecord(race(THREADS, i -> () -> post(BANK_ZZ, "/api/v1/loans", loan)), "loanId");

            String period = """
                    {"periodStart":"2025-01-02","periodEnd":"2025-04-02","outstandingPrincipal":"1000000.00",
                     "interestPaid":"9000.00"}""";
            assertOneRecord(race(THREADS, i -> () -> post(BANK_ZZ, "/api/v1/loans/" + loanId + "/interest-periods",
                    period)), "periodId");
        }
    }

    @Test
    void submitAssessmentAndAcceptanceTwice() throws Exception {
        String uscc = uscc("914101810A", 1);
        register(uscc, "评测企业");
        for (int round = 0; round < ROUNDS; round++) {
            String assessment = """
                    {"assessmentId":"race-%d","uscc":"%s","assessedOn":"%s","indexEdition":"MIIT-2024","level":2,
                     "scores":{"equipmentAndSystems":10,"dataCollection":5,"informationSystems":5,"security":5,
                     "management":15,"effect":10,"total":50},"scenarios":[{"scenario":"INVENTORY","rating":2}]}"""
                    .formatted(round, uscc, yesterday());
            assertOneRecord(race(THREADS, i -> () -> post(ASSESSOR_ZZ, "/api/v1/assessments", assessment)), "recordId");

            String acceptance = """
                    {"acceptanceId":"race-%d","uscc":"%s","acceptedOn":"%s","result":"FAILED",
                     "spend":[{"category":"software","amount":"1000.00"}]}""".formatted(round, uscc, yesterday());
            assertOneRecord(race(THREADS, i -> () -> post(ASSESSOR_ZZ, "/api/v1/acceptances", acceptance)), "recordId");
        }
    }

    /** One writer created the record (202), the others were told it (200), all of the same id; answers the id. */
    static String assertOneRecord(List<Reply> replies, String idField) {
        assertAnswered(replies, Set.of(200, 202), 202);
        List<String> ids = replies.stream().map(reply -> json(reply).path(idField).asText()).distinct().toList();
        assertThat(ids).as("every writer is told the one " + idField).hasSize(1);
        return ids.get(0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void ledgerAccountStore() throws Exception {
        MapStore<String, LedgerAccount> store = (MapStore<String, LedgerAccount>) context.getBean("ledgerAccountStore");
        for (int round = 0; round < ROUNDS; round++) {
            String uscc = uscc("914101810G", round);
            String key = "INTEREST:" + uscc;
            List<Reply> ignored = race(THREADS, i -> () -> {
                LinkedHashMap<String, BigDecimal> grants = new LinkedHashMap<>();
                grants.put("IP-shared", new BigDecimal("100.00"));
                grants.put("IP-" + i, new BigDecimal("1.00"));
                store.store(key, new LedgerAccount(uscc, "INTEREST", new BigDecimal("101.00"), grants));
                return null;
            });
            assertThat(ignored).hasSize(THREADS);
            assertThat(jdbc.queryForObject("select count(*) from ledger_account where ledger_key = ?", Long.class,
                    key)).isOne();
            assertThat(jdbc.queryForObject("select count(*) from ledger_grant where ledger_key = ?", Long.class, key))
                    .isEqualTo(THREADS + 1L);
        }
    }

    /**
     * Service providers (issue 13): the same registration, fees report and chain case sent by several writers at
     * once are stored once; one writer gets 201, the others the stored record (200), none a 5xx.
     */
    @Test
    void registerServiceProviderAndReportFeesAndChainCaseTwice() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String provider = uscc("914101810P", round);
            String registration = """
                    {"uscc":"%s","name":"服务商","category":"DIAGNOSIS","regionCode":"%s"}""".formatted(provider, COUNTY);
            assertAnswered(race(THREADS, i -> () -> post(GOV_ZZ, "/api/v1/service-providers", registration)),
                    Set.of(200, 201), 201);
            String fees = """
                    {"reportId":"FEE-%d","regionCode":"%s","year":2025,"serviceFees":"100000.00",
                     "allTasksCompleted":true}""".formatted(round, COUNTY);
            assertAnswered(race(THREADS, i -> () -> post(GOV_ZZ, "/api/v1/service-providers/" + provider
                    + "/service-fees", fees)), Set.of(200, 201), 201);
            assertThat(jdbc.queryForObject("select count(*) from provider_fees_report where provider_uscc = ?",
                    Long.class, provider)).isEqualTo(1L);
            String uscc = uscc("914101810Q", round);
            register(uscc, "链式企业");
            String chainCase = """
                    {"caseId":"CC-%d","uscc":"%s","recognisedOn":"%s"}""".formatted(round, uscc, yesterday());
            assertAnswered(race(THREADS, i -> () -> post(GOV_ZZ, "/api/v1/chain-cases", chainCase)),
                    Set.of(200, 201), 201);
            assertThat(jdbc.queryForObject("select count(*) from chain_case where uscc = ?", Long.class, uscc))
                    .isEqualTo(1L);
        }
    }

    /**
     * Transformation projects (issue 13): the same registration sent by several writers at once is stored once (one
     * 201, the others 200); writers registering different projects of one Zhengzhou enterprise at once (a second
     * project is refused there) store exactly one, the others are refused with project-not-allowed; the same contract
     * recorded at once is stored once; none a 5xx.
     */
    @Test
    void registerProjectTwiceAndASecondProjectAtTheSameMoment() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String uscc = uscc("914101810R", round);
            register(uscc, "项目企业");
            String registration = """
                    {"projectRef":"PJ-%d","uscc":"%s","plannedStages":2,"scenarios":{"common":["scheduling"]}}"""
                    .formatted(round, uscc);
            List<Reply> same = race(THREADS, i -> () -> post(GOV_ZZ, "/api/v1/projects", registration));
            assertAnswered(same, Set.of(200, 201), 201);
            String projectId = same.get(0).json().path("projectId").asText();
            assertThat(same).allSatisfy(reply -> assertThat(reply.json().path("projectId").asText())
                    .isEqualTo(projectId));

            String other = uscc("914101810T", round);
            register(other, "项目企业二");
            int r = round;
            List<Reply> rivals = race(THREADS, i -> () -> post(GOV_ZZ, "/api/v1/projects", """
                    {"projectRef":"PJ-%d-%d","uscc":"%s","plannedStages":1,"scenarios":{"common":["scheduling"]}}"""
                    .formatted(r, i, other)));
            assertAnswered(rivals, Set.of(201, 422), 201);
            assertThat(rivals).filteredOn(reply -> reply.status() == 422)
                    .allSatisfy(reply -> assertThat(reply.problemCode()).isEqualTo("project-not-allowed"));
            assertThat(jdbc.queryForObject("select count(*) from project where uscc = ?", Long.class, other))
                    .isEqualTo(1L);
        }
    }

    @Test
    void registerDevicesTwice() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String uscc = uscc("914101810H", round);
            register(uscc, "设备企业");
            List<Reply> replies = race(THREADS, i -> () -> post(GOV_ZZ, "/api/v1/enterprises/" + uscc + "/devices",
                    """
                    {"devices":[{"deviceId":"kiln-1","name":"窑炉 %d","kind":"KILN"}]}""".formatted(i)));
            assertThat(replies).allSatisfy(reply -> assertThat(reply.status()).as(body(reply)).isEqualTo(200));
            assertThat(jdbc.queryForObject("select name from device where uscc = ? and device_id = 'kiln-1'",
                    String.class, uscc)).startsWith("窑炉 ");
        }
    }

    @Test
    void issueDeviceCredentialsTwice() throws Exception {
        DeviceCredentials credentials = context.getBean(DeviceCredentials.class);
        for (int round = 0; round < ROUNDS; round++) {
            String uscc = uscc("914101810J", round);
            register(uscc, "凭据企业");
            List<Reply> replies = race(THREADS, i -> () -> post(GOV_ZZ,
                    "/api/v1/enterprises/" + uscc + "/device-credentials", "{}"));
            assertThat(replies).allSatisfy(reply -> assertThat(reply.status()).as(body(reply)).isEqualTo(201));
            assertThat(jdbc.queryForObject("select count(*) from device_credential where uscc = ?", Long.class, uscc))
                    .isOne();
            long working = replies.stream().map(reply -> json(reply).path("password").asText())
                    .filter(password -> credentials.authenticate(uscc, password).isPresent()).count();
            assertThat(working).as("the credentials stored last are the ones that work").isOne();
        }
    }

    @Test
    void deviceMinuteOfTwoNodesIngestingOneDevice() throws Exception {
        DeviceTelemetry telemetry = context.getBean(DeviceTelemetry.class);
        for (int round = 0; round < ROUNDS; round++) {
            String uscc = uscc("914101810K", round);
            register(uscc, "遥测企业");
            String topic = "smedt/" + uscc + "/press-1/telemetry";
            java.time.Instant minute = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
            telemetry.ingest("""
                    {"ts":"%s","state":"RUN","partCount":0,"energyKwh":0}""".formatted(minute.minusSeconds(30))
                    .getBytes(StandardCharsets.UTF_8), topic);
            List<Reply> done = race(THREADS, i -> () -> {
                telemetry.ingest("""
                        {"ts":"%s","state":"RUN","partCount":%d,"energyKwh":%d}""".formatted(
                        minute.plusSeconds(1 + i), i + 1, i + 1).getBytes(StandardCharsets.UTF_8), topic);
                return null;
            });
            assertThat(done).hasSize(THREADS);
            assertThat(jdbc.queryForObject("select sum(samples) + sum(late) from device_minute where uscc = ?",
                    Long.class, uscc)).as("every racing sample counted once, as an interval or late (the first"
                    + " sample only sets the device's latest)").isEqualTo((long) THREADS);
        }
    }

    static JsonNode json(Reply reply) {
        try {
            return reply.json();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
