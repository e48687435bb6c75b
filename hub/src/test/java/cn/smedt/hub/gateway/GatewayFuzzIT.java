package cn.smedt.hub.gateway;

import static cn.smedt.hub.TestPartners.BANK_ZZ;
import static cn.smedt.hub.TestPartners.GOV_ZZ;
import static org.assertj.core.api.Assertions.assertThat;

import cn.smedt.api.identifiers.Uscc;
import cn.smedt.hub.HubIT;
import cn.smedt.hub.HubNode;
import cn.smedt.hub.SignedCall;
import cn.smedt.hub.SignedCall.Reply;
import cn.smedt.hub.kernel.HubIdentity;
import cn.smedt.hub.kernel.ProblemCode;
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
 * replayed. Every one must be refused with a 4xx problem+json answer (never 5xx, never 2xx) with the code that its
 * kind of mutation calls for (docs/errors.md; for a garbled Signature-Input and an injection, the code follows from
 * where the change lands), and nothing may be stored. One answer in 25 has its hub signature verified.
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

    /** A bad request sent, with the problem code its kind of mutation must get (docs/errors.md). */
    record Attempt(Reply reply, ProblemCode expected) {
    }

    enum Kind {
        SIGNATURE_GARBLED, SIGNATURE_INPUT_GARBLED, DIGEST_MISMATCH, WRONG_KEY, UNKNOWN_KEY, EXPIRED, FUTURE,
        REPLAYED_NONCE, OVERSIZED, DEEP_JSON, WRONG_TYPE, MALFORMED_JSON, UNKNOWN_FIELD, INVALID_USCC,
        INVALID_REGION, INJECTION
    }

    @Test
    void tenThousandBadRequestsGetNo5xxAndStoreNothing() throws Exception {
        base = HubNode.url(port);
        Reply pilot = SignedCall.post(base, "/api/v1/enterprises", enterprise(PILOT, "410181")).by(GOV_ZZ.signer())
                .send();
        assertThat(pilot.status()).isEqualTo(201);
        long enterprises = count("enterprise");
        long loans = count("loan");
        MessageVerifier hub = Verifiers.create(hubIdentity.algorithm(), hubIdentity.publicKey());

        Map<Kind, LongAdder> perKind = new ConcurrentHashMap<>();
        Map<Integer, LongAdder> perStatus = new ConcurrentHashMap<>();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        Map<String, String> wrongCodes = new ConcurrentHashMap<>();
        Map<String, LongAdder> wrongCounts = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < REQUESTS; i = next.getAndIncrement()) {
                    SplittableRandom random = new SplittableRandom(SEED + i);
                    Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
                    Attempt attempt = send(kind, random, i);
                    Reply reply = attempt.reply();
                    perKind.computeIfAbsent(kind, k -> new LongAdder()).increment();
                    perStatus.computeIfAbsent(reply.status(), k -> new LongAdder()).increment();
                    String type = String.valueOf(reply.header("content-type"));
                    if (reply.status() < 400 || reply.status() >= 500 || !type.startsWith("application/problem+json")) {
                        failures.add("#" + i + " " + kind + " -> " + reply.status() + " " + type + " "
                                + new String(reply.response().body(), java.nio.charset.StandardCharsets.UTF_8));
                    } else {
                        if (!attempt.expected().code().equals(reply.problemCode())
                                || attempt.expected().status() != reply.status()) {
                            String mismatch = kind + ": expected " + attempt.expected().code() + " ("
                                    + attempt.expected().status() + "), got " + reply.problemCode() + " ("
                                    + reply.status() + ")";
                            wrongCounts.computeIfAbsent(mismatch, k -> new LongAdder()).increment();
                            wrongCodes.putIfAbsent(mismatch, "e.g. #" + i + ": " + new String(reply.response().body(),
                                    java.nio.charset.StandardCharsets.UTF_8));
                        }
                        if (i % 25 == 0 && !"request-rejected".equals(reply.problemCode())) {
                            // refusals by the HTTP layer (encoded '/' or '\\' or NUL in the path) cannot be signed: no
                            // request was verified to bind them to; every other answer is signed
                            reply.verifyHubSignature(hub);
                        }
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
        assertThat(wrongCodes).as("refused with another code than their kind's (times: " + wrongCounts + ")")
                .isEmpty();
        assertThat(perKind.values().stream().mapToLong(LongAdder::sum).sum()).isEqualTo(REQUESTS);
        assertThat(perKind).hasSize(Kind.values().length);
        assertThat(count("enterprise")).as("enterprises stored").isEqualTo(enterprises);
        assertThat(count("loan")).as("loans stored").isEqualTo(loans);
        assertThat(count("batch_job")).isZero();
    }

    /**
     * Sends one bad request of {@code kind}; the expected code follows from what the mutation breaks, in the order
     * the gateway checks (signature parsed, key, covered components, created, digest, signature, nonce; then the
     * body: size, JSON, depth, contract, domain rules).
     */
    private Attempt send(Kind kind, SplittableRandom random, int i) throws Exception {
        String uscc = "91410181MA" + String.format("%07d", i);
        uscc = uscc + Uscc.checkCharacter(uscc);
        String valid = enterprise(uscc, "410181");
        long now = Instant.now().getEpochSecond();
        return switch (kind) {
            case SIGNATURE_GARBLED -> new Attempt(post(valid).mutateHeaders(h -> h.put("signature",
                    List.of(flipSignatureBit(h.get("signature").get(0), random)))).by(GOV_ZZ.signer()).send(),
                    ProblemCode.SIGNATURE_INVALID);
            case SIGNATURE_INPUT_GARBLED -> garbledInput(valid, random);
            case DIGEST_MISMATCH -> new Attempt(post(valid).tamperBodyAfterDigest(valid.replace("410181", "410182"))
                    .by(GOV_ZZ.signer()).send(), ProblemCode.DIGEST_MISMATCH);
            case WRONG_KEY -> new Attempt(post(valid).by(GOV_ZZ.impostor()).send(), ProblemCode.SIGNATURE_INVALID);
            case UNKNOWN_KEY -> new Attempt(post(valid).mutateHeaders(h -> h.put("signature-input", List.of(h.get(
                    "signature-input").get(0).replace("gov-zz-key-1", "gov-zz-key-" + (2 + random.nextInt(99))))))
                    .by(GOV_ZZ.signer()).send(), ProblemCode.KEY_UNKNOWN);
            case EXPIRED -> new Attempt(post(valid).created(now - 301 - random.nextInt(100_000)).by(GOV_ZZ.signer())
                    .send(), ProblemCode.SIGNATURE_EXPIRED);
            case FUTURE -> new Attempt(post(valid).created(now + 61 + random.nextInt(100_000)).by(GOV_ZZ.signer())
                    .send(), ProblemCode.SIGNATURE_FROM_FUTURE);
            case REPLAYED_NONCE -> new Attempt(replay(random, i), ProblemCode.NONCE_REPLAYED);
            // 66 KB and more of name: above the 64 KB this node accepts
            case OVERSIZED -> new Attempt(post(valid.replace("\"name\":\"", "\"name\":\""
                    + "测".repeat(22_000 + random.nextInt(5000)))).by(GOV_ZZ.signer()).send(),
                    ProblemCode.BODY_TOO_LARGE);
            case DEEP_JSON -> new Attempt(post("{\"uscc\":" + "[".repeat(33 + random.nextInt(2000)) + "1")
                    .by(GOV_ZZ.signer()).send(), ProblemCode.JSON_TOO_DEEP);
            case WRONG_TYPE -> new Attempt(post(wrongType(valid, random)).by(GOV_ZZ.signer()).send(),
                    ProblemCode.VALIDATION_FAILED);
            case MALFORMED_JSON -> new Attempt(post(valid.substring(0, 1 + random.nextInt(valid.length() - 2)))
                    .by(GOV_ZZ.signer()).send(), ProblemCode.JSON_MALFORMED);
            case UNKNOWN_FIELD -> new Attempt(post(valid.replace("{\"uscc\"", "{\"f" + random.nextInt(1000)
                    + "\":1,\"uscc\"")).by(GOV_ZZ.signer()).send(), ProblemCode.VALIDATION_FAILED);
            case INVALID_USCC -> new Attempt(post(enterprise(uscc.substring(0, 17) + otherCheck(uscc, random),
                    "410181")).by(GOV_ZZ.signer()).send(), ProblemCode.USCC_INVALID);
            case INVALID_REGION -> random.nextBoolean()
                    ? new Attempt(post(enterprise(uscc, "4101" + (90 + random.nextInt(10)))).by(GOV_ZZ.signer())
                            .send(), ProblemCode.REGION_UNKNOWN)
                    : new Attempt(post(enterprise(uscc, "410100")).by(GOV_ZZ.signer()).send(),
                            ProblemCode.REGION_NOT_COUNTY);
            case INJECTION -> injection(random, uscc);
        };
    }

    /** One character of Signature-Input changed; what it breaks depends on where it lands. */
    private Attempt garbledInput(String valid, SplittableRandom random) throws Exception {
        ProblemCode[] expected = new ProblemCode[1];
        Reply reply = post(valid).mutateHeaders(h -> {
            String input = h.get("signature-input").get(0);
            int at = garblePosition(input, random);
            expected[0] = garbledInputProblem(input, at);
            h.put("signature-input", List.of(garbleAt(input, at)));
        }).by(GOV_ZZ.signer()).send();
        return new Attempt(reply, expected[0]);
    }

    /**
     * The code for {@code input} ({@code sig1=("@method" ...);created=..;nonce="..";keyid="..";alg=".."}) with the
     * character at {@code at} replaced by 'A' or 'B'. Keys, parameter names, integers and the dictionary's
     * punctuation admit no capital letter: the field no longer parses (signature-malformed). Inside a quoted value
     * it parses: a covered component renamed is a required one missing, another nonce changes the signed text
     * (signature-invalid), another keyid is an unknown key, another alg an unsupported algorithm.
     */
    static ProblemCode garbledInputProblem(String input, int at) {
        char garbled = input.charAt(at);
        if (at > input.indexOf('(') && at < input.indexOf(')')) {
            return garbled == '"' || garbled == ' ' ? ProblemCode.SIGNATURE_MALFORMED
                    : ProblemCode.SIGNATURE_COMPONENT_MISSING;
        }
        Map<String, ProblemCode> quoted = Map.of("nonce", ProblemCode.SIGNATURE_INVALID, "keyid",
                ProblemCode.KEY_UNKNOWN, "alg", ProblemCode.SIGNATURE_ALGORITHM_UNSUPPORTED);
        for (Map.Entry<String, ProblemCode> parameter : quoted.entrySet()) {
            int start = input.indexOf(";" + parameter.getKey() + "=\"") + parameter.getKey().length() + 3;
            int end = input.indexOf('"', start);
            if (at >= start && at < end) {
                return parameter.getValue();
            }
        }
        return ProblemCode.SIGNATURE_MALFORMED;
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

    /**
     * An attack string as a field of the body (refused by the field's pattern) or as the path parameter: there an
     * encoded '/' or '\' or a NUL is refused by the HTTP layer (Tomcat), anything else by the parameter's pattern.
     */
    private Attempt injection(SplittableRandom random, String uscc) throws Exception {
        String attack = INJECTIONS[random.nextInt(INJECTIONS.length)];
        String escaped = attack.replace("\\", "\\\\").replace("\"", "\\\"").replace("\u0000", "\\u0000")
                .replace("\u0001", "\\u0001").replace("\u0002", "\\u0002");
        return switch (random.nextInt(4)) {
            case 0 -> new Attempt(post(enterprise(escaped, "410181")).by(GOV_ZZ.signer()).send(),
                    ProblemCode.VALIDATION_FAILED);
            case 1 -> new Attempt(post(enterprise(uscc, escaped)).by(GOV_ZZ.signer()).send(),
                    ProblemCode.VALIDATION_FAILED);
            case 2 -> new Attempt(post(enterprise(uscc, "410181").replace("ZZ-REFRACTORIES", escaped))
                    .by(GOV_ZZ.signer()).send(), ProblemCode.VALIDATION_FAILED);
            default -> new Attempt(SignedCall.get(base, "/api/v1/enterprises/" + java.net.URLEncoder.encode(attack,
                    java.nio.charset.StandardCharsets.UTF_8)).by(BANK_ZZ.signer()).send(),
                    attack.contains("/") || attack.contains("\\") || attack.contains("\u0000")
                            ? ProblemCode.REQUEST_REJECTED
                            : ProblemCode.VALIDATION_FAILED);
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

    /** Where {@link #garbleAt} changes a header: a random character after its first ':' (if any). */
    private static int garblePosition(String header, SplittableRandom random) {
        return header.indexOf(":") + 1 + random.nextInt(Math.max(1, header.length() - header.indexOf(":") - 2));
    }

    private static String garbleAt(String header, int at) {
        char[] chars = header.toCharArray();
        chars[at] = chars[at] == 'A' ? 'B' : 'A';
        return new String(chars);
    }

    static String enterprise(String uscc, String region) {
        return "{\"uscc\":\"" + uscc + "\",\"name\":\"巩义市某耐火材料有限公司\",\"regionCode\":\"" + region
                + "\",\"industryCode\":\"ZZ-REFRACTORIES\",\"scale\":\"ABOVE_DESIGNATED_SIZE\",\"tags\":[\"SPECIALISED_SME\"],"
                + "\"pilot\":true}";
    }

    private long count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }
}
