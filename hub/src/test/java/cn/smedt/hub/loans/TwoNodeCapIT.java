package cn.smedt.hub.loans;

import static cn.smedt.hub.TestPartners.BANK_ZZ;
import static cn.smedt.hub.TestPartners.BANK_ZZ2;
import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.smedt.hub.HubNode;
import cn.smedt.hub.HubNodes;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.SignedCall.Reply;
import cn.smedt.hub.TestPartners;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two nodes of one hub (one Hazelcast cluster, one database) behind one public URL: two banks submit interest
 * periods for the same enterprise to both nodes at once, and the enterprise's 500,000 yuan cap holds exactly;
 * a request accepted by node A cannot be replayed on node B.
 */
class TwoNodeCapIT {

    static final String PUBLIC = "https://hub.zz.example";
    static final String PILOT = "91410000170001401D";
    static HubNodes nodes;
    static String baseA;
    static String baseB;

    @BeforeAll
    static void startTwoNodes() {
        HubNode[] hub = HubNodes.oneHub("cap", 2);
        for (HubNode node : hub) {
            node.set("hub.gateway.public-base-url", PUBLIC).set("hub.identity.generate-if-missing", true);
        }
        nodes = HubNodes.start(hub);
        baseA = nodes.baseUrl(0);
        baseB = nodes.baseUrl(1);
        await().atMost(Duration.ofSeconds(60)).until(() -> nodes.bean(0, com.hazelcast.core.HazelcastInstance.class)
                .getCluster().getMembers().size() == 2);
    }

    @AfterAll
    static void stopNodes() {
        if (nodes != null) {
            nodes.close();
        }
    }

    static Reply post(String node, String path, String json, TestPartners.TestPartner partner) throws Exception {
        return SignedCall.post(PUBLIC, path, json).via(node, PUBLIC).by(partner.signer()).send();
    }

    @Test
    void capHoldsUnderConcurrentSubmissionsFromTwoBanksOnTwoNodes() throws Exception {
        Reply registered = post(baseA, "/api/v1/enterprises", """
                {"uscc":"%s","name":"巩义市试点企业","regionCode":"410181","industryCode":"ZZ-REFRACTORIES",
                 "scale":"ABOVE_DESIGNATED_SIZE","tags":[],"pilot":true}""".formatted(PILOT), GOV_ZZ);
        assertThat(registered.status()).as(registered.json().toString()).isIn(200, 201);
        String loanA = post(baseA, "/api/v1/loans", LoanSubsidyIT.loan("A-1", PILOT, "10000000.00", "2024-03-01",
                "2026-03-01"), BANK_ZZ).json().path("loanId").asText();
        String loanB = post(baseB, "/api/v1/loans", LoanSubsidyIT.loan("B-1", PILOT, "10000000.00", "2024-03-01",
                "2026-03-01"), BANK_ZZ2).json().path("loanId").asText();

        // 20 periods of 30 days per loan: 10,000,000 x 3.45% x 30 / 360 = 28,750.00 each, 1,150,000.00 in all
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> sent = new ArrayList<>();
        LocalDate start = LocalDate.of(2024, 3, 1);
        for (int i = 0; i < 20; i++) {
            LocalDate from = start.plusDays(30L * i);
            String period = LoanSubsidyIT.period(from.toString(), from.plusDays(30).toString(), "10000000.00",
                    "30000.00");
            sent.add(pool.submit(() -> post(baseA, "/api/v1/loans/" + loanA + "/interest-periods", period, BANK_ZZ)
                    .status()));
            sent.add(pool.submit(() -> post(baseB, "/api/v1/loans/" + loanB + "/interest-periods", period, BANK_ZZ2)
                    .status()));
        }
        for (Future<Integer> status : sent) {
            assertThat(status.get()).isEqualTo(202);
        }
        pool.shutdown();

        JdbcTemplate db = nodes.bean(0, JdbcTemplate.class);
        await().atMost(Duration.ofSeconds(90)).until(() ->
                db.queryForObject("select count(*) from subsidy_decision", Long.class) == 40);
        assertThat(db.queryForObject("select sum(granted) from subsidy_decision", BigDecimal.class))
                .isEqualByComparingTo("500000.00");
        assertThat(db.queryForObject("select sum(eligible) from subsidy_decision", BigDecimal.class))
                .isEqualByComparingTo("1150000.00");
        assertThat(db.queryForObject("select count(*) from subsidy_decision where granted > eligible", Long.class))
                .isZero();
        // 17 full grants (488,750.00), one remainder of 11,250.00, the rest refused by the cap
        assertThat(db.queryForObject("select count(*) from subsidy_decision where reason_code = 'granted'",
                Long.class)).isEqualTo(17);
        assertThat(db.queryForObject("select granted from subsidy_decision where reason_code = 'cap-remainder-granted'",
                BigDecimal.class)).isEqualByComparingTo("11250.00");
        assertThat(db.queryForObject("select count(*) from subsidy_decision where reason_code = 'cap-exhausted'",
                Long.class)).isEqualTo(22);
        assertThat(db.queryForObject("select granted from ledger_account where uscc = ?", BigDecimal.class, PILOT))
                .isEqualByComparingTo("500000.00");
        assertThat(db.queryForObject("select count(*) from ledger_grant", Long.class)).isEqualTo(40);
    }

    @Test
    void aRequestAcceptedByNodeAIsRefusedAsReplayOnNodeB() throws Exception {
        String body = """
                {"uscc":"91350100M000100Y43","name":"荥阳市企业","regionCode":"410182","industryCode":"ZZ-ALUMINIUM",
                 "scale":"BELOW_DESIGNATED_SIZE","tags":[],"pilot":false}""";
        Reply first = SignedCall.post(PUBLIC, "/api/v1/enterprises", body).via(baseA, PUBLIC).nonce("once-only")
                .idempotencyKey("replay-across-1").by(GOV_ZZ.signer()).send();
        assertThat(first.status()).as(first.json().toString()).isEqualTo(201);
        Reply replay = SignedCall.post(PUBLIC, "/api/v1/enterprises", body).via(baseB, PUBLIC).nonce("once-only")
                .idempotencyKey("replay-across-2").by(GOV_ZZ.signer()).send();
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.problemCode()).isEqualTo("nonce-replayed");
    }
}
