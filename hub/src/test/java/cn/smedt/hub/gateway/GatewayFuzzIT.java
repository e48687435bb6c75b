package cn.smedt.hub.gateway;

import cn.smedt.hub.HubNode;
import cn.smedt.hub.HubIT;
import cn.smedt.hub.kernel.HubIdentity;
import static cn.smedt.hub.TestPartners.BANK_ZZ;
import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static org.assertj.core.api.Assertions.assertThat;

import cn.smedt.api.identifiers.Uscc;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.SignedCall.Reply;
import cn.smedt.hub.TestPartners;
import cn.smedt.security.signature.MessageVerifier;
import cn.smedt.security.signature.Verifiers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Fuzzing the gateway (issue 7): 10,000 generated bad requests of 16 kinds, from a fixed seed so a failure can be
 * replayed. Every one must be refused with a 4xx problem+json answer (never 5xx, never 2xx), and nothing may be
 * stored. One answer in 25 has its hub signature verified.
 */
@HubIT
class GatewayFuzzIT {

    private static final int REQUESTS = 10_000;
    private static final long SEED = 20261124L;
    private static final String PILOT = "91410000170001401D";
    private static final String[] INJECTIONS = {"' OR '1'='1", "1; drop table enterprise; --", "<script>alert(1)</script>",
        "../../../../etc/passwd", "${jndi:ldap://127.0.0.1/x}", "%00%0d%0aSet-Cookie:x", "\u202Egnp.exe", "{{7*7}}",
        "\\\"}],\"x\":{\"", "'; exec xp_cmdshell 'dir'--", "$(touch /tmp/pwn)", "\u0000\u0001\u0002"};

    @HubIT.Settings
    static void node(HubNode node) {
        node.set("hub.gateway.max-body-size", "64KB");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    HubIdentity hubIdentity;

    private String base;

    enum Kind {
        SIGNATURE_GARBLED, SIGNATURE_INPUT_GARBLED, DIGEST_MISMATCH, WRONG_KEY, UNKNOWN_KEY, EXPIRED, FUTURE,
        REPLAYED_NONCE, OVERSIZED, DEEP_JSON, WRONG_TYPE, MALFORMED_JSON, UNKNOWN_FIELD, INVALID_USCC,
        INVALID_REGION, INJECTION
    }

    @Test
    void tenThousandBadRequestsGetNo5xxAndStoreNothing() throws Exception {
        base = "http://127.0.0.1:" + port;
        Reply pilot = SignedCall.post(base, "/api/v1/enterprises", enterprise(PILOT, "410181")).by(GOV_ZZ.signer())
                .send();
        assertThat(pilot.status()).isEqualTo(201);
        long enterprises = count("enterprise");
        long loans = count("loan");
        MessageVerifier hub = Verifiers.create(hubIdentity.algorithm(), hubIdentity.publicKey());

        Map<Kind, LongAdder> perKind = new ConcurrentHashMap<>();
        Map<Integer, LongAdder> perStatus = new ConcurrentHashMap<>();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < REQUESTS; i = next.getAndIncrement()) {
                    SplittableRandom random = new SplittableRandom(SEED + i);
                    Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
                    Reply reply = send(kind, random, i);
                    perKind.computeIfAbsent(kind, k -> new LongAdder()).increment();
                    perStatus.computeIfAbsent(reply.status(), k -> new LongAdder()).increment();
                    String type = String.valueOf(reply.header("content-type"));
                    if (reply.status() < 400 || reply.status() >= 500 || !type.startsWith("application/problem+json")) {
                        failures.add("#" + i + " " + kind + " -> " + reply.status() + " " + type + " "
                                + new String(reply.response().body(), java.nio.charset.StandardCharsets.UTF_8));
                    } else if (i % 25 == 0 && !"request-rejected".equals(reply.problemCode())) {
                        // refusals by the HTTP layer (encoded '/' or NUL in the path) cannot be signed: no request
                        // was verified to bind them to; every other answer is signed
                        reply.verifyHubSignature(hub);
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(10, TimeUnit.MINUTES);
        }
        pool.shutdown();

        System.out.println("fuzz: per kind " + perKind + ", per status " + perStatus);
        assertThat(failures).as("requests not refused with a 4xx problem").isEmpty();
        assertThat(perKind.values().stream().mapToLong(LongAdder::sum).sum()).isEqualTo(REQUESTS);
        assertThat(perKind).hasSize(Kind.values().length);
        assertThat(count("enterprise")).as("enterprises stored").isEqualTo(enterprises);
        assertThat(count("loan")).as("loans stored").isEqualTo(loans);
        assertThat(count("batch_job")).isZero();
    }

    private Reply send(Kind kind, SplittableRandom random, int i) throws Exception {
        String uscc = "91410181MA" + String.format("%07d", i);
        uscc = uscc + Uscc.checkCharacter(uscc);
        String valid = enterprise(uscc, "410181");
        long now = Instant.now().getEpochSecond();
        return switch (kind) {
            case SIGNATURE_GARBLED -> post(valid).mutateHeaders(h -> h.put("signature",
                    List.of(flipSignatureBit(h.get("signature").get(0), random)))).by(GOV_ZZ.signer()).send();
            case SIGNATURE_INPUT_GARBLED -> post(valid).mutateHeaders(h -> h.put("signature-input",
                    List.of(garble(h.get("signature-input").get(0), random)))).by(GOV_ZZ.signer()).send();
            case DIGEST_MISMATCH -> post(valid).tamperBodyAfterDigest(valid.replace("410181", "410182"))
                    .by(GOV_ZZ.signer()).send();
            case WRONG_KEY -> post(valid).by(GOV_ZZ.impostor()).send();
            case UNKNOWN_KEY -> post(valid).mutateHeaders(h -> h.put("signature-input", List.of(h.get(
                    "signature-input").get(0).replace("gov-zz-key-1", "gov-zz-key-" + (2 + random.nextInt(99))))))
                    .by(GOV_ZZ.signer()).send();
            case EXPIRED -> post(valid).created(now - 301 - random.nextInt(100_000)).by(GOV_ZZ.signer()).send();
            case FUTURE -> post(valid).created(now + 61 + random.nextInt(100_000)).by(GOV_ZZ.signer()).send();
            case REPLAYED_NONCE -> replay(random, i);
            case OVERSIZED -> post(valid.replace("\"name\":\"", "\"name\":\"" + "测".repeat(22_000 + random.nextInt(5000))))
                    .by(GOV_ZZ.signer()).send();
            case DEEP_JSON -> post("{\"uscc\":" + "[".repeat(33 + random.nextInt(2000)) + "1")
                    .by(GOV_ZZ.signer()).send();
            case WRONG_TYPE -> post(wrongType(valid, random)).by(GOV_ZZ.signer()).send();
            case MALFORMED_JSON -> post(valid.substring(0, 1 + random.nextInt(valid.length() - 2)))
                    .by(GOV_ZZ.signer()).send();
            case UNKNOWN_FIELD -> post(valid.replace("{\"uscc\"", "{\"f" + random.nextInt(1000) + "\":1,\"uscc\""))
                    .by(GOV_ZZ.signer()).send();
            case INVALID_USCC -> post(enterprise(uscc.substring(0, 17) + otherCheck(uscc, random), "410181"))
                    .by(GOV_ZZ.signer()).send();
            case INVALID_REGION -> post(enterprise(uscc, random.nextBoolean() ? "4101" + (90 + random.nextInt(10))
                    : "410100")).by(GOV_ZZ.signer()).send();
            case INJECTION -> injection(random, uscc);
        };
    }

    private Reply replay(SplittableRandom random, int i) throws Exception {
        String nonce = "fuzz-replay-" + i;
        String invalid = enterprise("91410181MA00000X0", "410181");
        Reply first = post(invalid).nonce(nonce).by(GOV_ZZ.signer()).send();
        if (first.status() < 400 || first.status() >= 500) {
            return first;
        }
        return post(invalid).nonce(nonce).idempotencyKey("fuzz-replay-key-" + random.nextInt()).by(GOV_ZZ.signer())
                .send();
    }

    private Reply injection(SplittableRandom random, String uscc) throws Exception {
        String attack = INJECTIONS[random.nextInt(INJECTIONS.length)];
        String escaped = attack.replace("\\", "\\\\").replace("\"", "\\\"").replace("\u0000", "\\u0000")
                .replace("\u0001", "\\u0001").replace("\u0002", "\\u0002");
        return switch (random.nextInt(4)) {
            case 0 -> post(enterprise(escaped, "410181")).by(GOV_ZZ.signer()).send();
            case 1 -> post(enterprise(uscc, escaped)).by(GOV_ZZ.signer()).send();
            case 2 -> post(enterprise(uscc, "410181").replace("REFRACTORIES", escaped)).by(GOV_ZZ.signer()).send();
            default -> SignedCall.get(base, "/api/v1/enterprises/" + java.net.URLEncoder.encode(attack,
                    java.nio.charset.StandardCharsets.UTF_8)).by(BANK_ZZ.signer()).send();
        };
    }

    private SignedCall post(String body) {
        return SignedCall.post(base, "/api/v1/enterprises", body);
    }

    private static String wrongType(String valid, SplittableRandom random) {
        String[] fields = {"\"pilot\":true", "\"regionCode\":\"410181\"", "\"tags\":[\"SPECIALISED_SME\"]",
            "\"name\":\"巩义市某耐火材料有限公司\""};
        // none of these is of the field's type (tags: [] would be valid, so arrays are not used for it)
        String[] values = {"1", "null", "{}", "1.5e300", "-0", "false"};
        String field = fields[random.nextInt(fields.length)];
        String name = field.substring(0, field.indexOf(':') + 1);
        String value = values[random.nextInt(values.length)];
        if (field.startsWith("\"pilot\"") && value.equals("false")) {
            value = "\"true\"";
        }
        return valid.replace(field, name + value);
    }

    private static char otherCheck(String uscc, SplittableRandom random) {
        String alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        char check = uscc.charAt(17);
        char other;
        do {
            other = alphabet.charAt(random.nextInt(alphabet.length()));
        } while (other == check);
        return other;
    }

    /**
     * Flips one bit of the signature bytes. (Changing a base64 character is not enough: the last character before
     * padding carries unused bits, which RFC 8941 tells parsers to ignore - same bytes, same valid signature.)
     */
    private static String flipSignatureBit(String header, SplittableRandom random) {
        int start = header.indexOf(":") + 1;
        int end = header.lastIndexOf(":");
        byte[] bytes = java.util.Base64.getDecoder().decode(header.substring(start, end));
        bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
        return header.substring(0, start) + java.util.Base64.getEncoder().encodeToString(bytes) + header.substring(end);
    }

    private static String garble(String header, SplittableRandom random) {
        char[] chars = header.toCharArray();
        int at = header.indexOf(":") + 1 + random.nextInt(Math.max(1, chars.length - header.indexOf(":") - 2));
        chars[at] = chars[at] == 'A' ? 'B' : 'A';
        return new String(chars);
    }

    static String enterprise(String uscc, String region) {
        return "{\"uscc\":\"" + uscc + "\",\"name\":\"巩义市某耐火材料有限公司\",\"regionCode\":\"" + region
                + "\",\"industryCode\":\"REFRACTORIES\",\"scale\":\"ABOVE_DESIGNATED_SIZE\",\"tags\":[\"SPECIALISED_SME\"],"
                + "\"pilot\":true}";
    }

    private long count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }
}
