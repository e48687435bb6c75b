package cn.smedt.security.cli;

import cn.smedt.security.client.SignedHttpClient;
import cn.smedt.security.digest.DigestAlgorithm;
import cn.smedt.security.keys.KeyLoadingException;
import cn.smedt.security.keys.PemKeys;
import cn.smedt.security.signature.HttpMessage;
import cn.smedt.security.signature.MessageSigner;
import cn.smedt.security.signature.SignatureAlgorithm;
import cn.smedt.security.signature.SignatureCheckException;
import cn.smedt.security.signature.Signers;
import cn.smedt.security.signature.Verifiers;
import cn.smedt.security.signature.SigningException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hub-sign}: generate keys, sign requests to the hub (prints a ready curl command) and verify the hub's signed
 * answer to one of them.
 */
@Command(name = "hub-sign", mixinStandardHelpOptions = true, version = "hub-sign 0.1",
        description = "Keys and RFC 9421 request signatures for calling the integration hub.",
        subcommands = {SignCli.Keygen.class, SignCli.Sign.class, SignCli.Verify.class})
public final class SignCli implements Runnable {

    @Spec
    CommandSpec spec;

    private final InputStream stdin;

    SignCli(InputStream stdin) {
        this.stdin = stdin;
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), System.in, args));
    }

    /** Runs the CLI; returns the exit code (0 ok, 1 failure, 2 usage). */
    public static int run(PrintWriter out, PrintWriter err, InputStream in, String... args) {
        CommandLine cl = new CommandLine(new SignCli(in));
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("hub-sign: " + ex.getMessage());
            commandLine.getErr().flush();
            return 1;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static SignatureAlgorithm algorithm(String token, CommandSpec spec) {
        return SignatureAlgorithm.fromToken(token).orElseThrow(() -> new CommandLine.ParameterException(
                spec.commandLine(),
                "unknown algorithm '" + token + "'; use one of "
                        + Arrays.stream(SignatureAlgorithm.values()).map(SignatureAlgorithm::token).toList()));
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = "Generate a key pair (PKCS#8 private key, SPKI public key, PEM).")
    static final class Keygen implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--alg", defaultValue = "sm2-sm3",
                description = "sm2-sm3 | ecdsa-p256-sha256 | ed25519 (default: ${DEFAULT-VALUE})")
        String alg;

        @Option(names = "--out-private", required = true, description = "file for the private key (kept secret)")
        Path outPrivate;

        @Option(names = "--out-public", required = true, description = "file for the public key (send it to the hub)")
        Path outPublic;

        @Override
        public Integer call() throws IOException {
            SignatureAlgorithm a = algorithm(alg, spec);
            KeyPair kp = PemKeys.generate(a);
            PemKeys.write(outPrivate, kp.getPrivate());
            PemKeys.write(outPublic, kp.getPublic());
            spec.commandLine().getOut().println("wrote " + a.token() + " private key to " + outPrivate
                    + " and public key to " + outPublic);
            return 0;
        }
    }

    @Command(name = "sign", mixinStandardHelpOptions = true,
            description = "Sign a request and print a curl command (or, with --headers-only, the header lines).")
    static final class Sign implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @CommandLine.ParentCommand
        SignCli parent;

        @Option(names = "--key", required = true, description = "private key PEM file")
        Path key;

        @Option(names = "--keyid", required = true, description = "key id registered at the hub")
        String keyId;

        @Option(names = "--alg", description = "sm2-sm3 | ecdsa-p256-sha256 | ed25519 (default: from the key)")
        String alg;

        @Option(names = "--digest", defaultValue = "sha-256", description = "sha-256 | sm3 (default: ${DEFAULT-VALUE})")
        String digest;

        @Option(names = "--method", defaultValue = "POST", description = "HTTP method (default: ${DEFAULT-VALUE})")
        String method;

        @Option(names = "--url", required = true, description = "absolute target URL")
        URI url;

        @Option(names = "--content-type", description = "Content-Type of the body, e.g. application/json")
        String contentType;

        @Option(names = "--body", description = "body file, or @- for standard input")
        String body;

        @Option(names = "-H", paramLabel = "Name: value", description = "extra header (not signed), repeatable")
        List<String> extraHeaders = new ArrayList<>();

        @Option(names = "--created", description = "created time in epoch seconds (default: now)")
        Long created;

        @Option(names = "--nonce", description = "nonce (default: random 128 bits)")
        String nonce;

        @Option(names = "--headers-only", description = "print only the header lines")
        boolean headersOnly;

        @Override
        public Integer call() throws IOException, SignatureCheckException {
            PrintWriter out = spec.commandLine().getOut();
            if (!url.isAbsolute() || url.getHost() == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--url must be absolute: " + url);
            }
            PrivateKey privateKey = PemKeys.readPrivateKey(key);
            SignatureAlgorithm keyAlg = PemKeys.detectAlgorithm(privateKey).orElseThrow(() ->
                    new KeyLoadingException("unsupported key type in " + key));
            SignatureAlgorithm a = alg == null ? keyAlg : algorithm(alg, spec);
            if (a != keyAlg) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--alg " + a.token() + " does not fit the " + keyAlg.token() + " key in " + key);
            }
            DigestAlgorithm d = DigestAlgorithm.fromToken(digest).orElseThrow(() -> new CommandLine.ParameterException(
                    spec.commandLine(), "unknown digest '" + digest + "'; use sha-256 or sm3"));
            byte[] content = null;
            if (body != null) {
                content = body.equals("@-") ? parent.stdin.readAllBytes() : Files.readAllBytes(Path.of(body));
            }
            MessageSigner signer;
            try {
                signer = Signers.create(a, privateKey, keyId);
            } catch (SigningException e) {
                throw new KeyLoadingException(e.getMessage() + " (" + key + ")", e);
            }
            Map<String, String> extra = new LinkedHashMap<>();
            for (String h : extraHeaders) {
                int colon = h.indexOf(':');
                if (colon <= 0) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "-H needs 'Name: value': " + h);
                }
                extra.put(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
            }
            HttpMessage signed = SignedHttpClient.signedRequest(signer, d, method, url, contentType, content, extra,
                    created != null ? created : Instant.now().getEpochSecond(),
                    nonce != null ? nonce : SignedHttpClient.newNonce());
            List<String> lines = new ArrayList<>();
            for (Map.Entry<String, String> e : extra.entrySet()) {
                lines.add(e.getKey() + ": " + e.getValue());
            }
            for (String name : List.of("Content-Type", "Content-Digest", "Signature-Input", "Signature")) {
                for (String v : signed.headerValues(name.toLowerCase(Locale.ROOT))) {
                    lines.add(name + ": " + v);
                }
            }
            if (headersOnly) {
                lines.forEach(out::println);
                return 0;
            }
            StringBuilder curl = new StringBuilder("curl -sS -X ").append(quote(method));
            for (String line : lines) {
                curl.append(" \\\n  -H ").append(quote(line));
            }
            if (body != null) {
                curl.append(" \\\n  --data-binary ").append(quote("@" + (body.equals("@-") ? "-" : body)));
            }
            curl.append(" \\\n  ").append(quote(url.toString()));
            out.println(curl);
            return 0;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verifies the hub's signature on its answer to a signed request: the answer's status,"
                    + " Content-Type and Content-Digest (checked against the body), bound to the request's signature.")
    static final class Verify implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--hub-key", required = true,
                description = "the hub's public key PEM (publicKeyPem of GET /.well-known/hub-keys)")
        Path hubKey;

        @Option(names = "--request-headers", required = true,
                description = "the signed request's header lines (the output of sign --headers-only)")
        Path requestHeaders;

        @Option(names = "--response-headers", required = true,
                description = "the answer's status line and headers (curl -D FILE)")
        Path responseHeaders;

        @Option(names = "--response-body", required = true, description = "the answer's body (curl -o FILE)")
        Path responseBody;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            Map<String, List<String>> request = headerLines(Files.readAllLines(requestHeaders, StandardCharsets.UTF_8));
            List<String> answer = lastHeaderBlock(Files.readAllLines(responseHeaders, StandardCharsets.UTF_8));
            if (answer.isEmpty() || !answer.get(0).startsWith("HTTP/")) {
                throw new CommandLine.ParameterException(spec.commandLine(), responseHeaders
                        + " does not start with an HTTP status line (save the answer with curl -D FILE)");
            }
            String[] statusLine = answer.get(0).split(" ");
            int status = Integer.parseInt(statusLine[1]);
            PublicKey key = PemKeys.readPublicKey(hubKey);
            SignedHttpClient.SignedResponse response = new SignedHttpClient.SignedResponse(status,
                    headerLines(answer.subList(1, answer.size())), Files.readAllBytes(responseBody),
                    HttpMessage.request("POST", URI.create("http://unused.invalid/"), request));
            try {
                SignedHttpClient.verifyResponse(response, response.request(),
                        Verifiers.create(PemKeys.algorithmOf(key), key));
            } catch (SignatureCheckException e) {
                spec.commandLine().getErr().println("hub-sign: NOT verified: " + e.getMessage());
                return 1;
            }
            out.println("verified: the hub answered " + status + " to this request, signed with "
                    + response.header("signature-input"));
            return 0;
        }

        /** "Name: value" lines into headers; blank lines and lines without a colon are skipped. */
        static Map<String, List<String>> headerLines(List<String> lines) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String line : lines) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.computeIfAbsent(line.substring(0, colon).trim(), name -> new ArrayList<>())
                            .add(line.substring(colon + 1).trim());
                }
            }
            return headers;
        }

        /** The last status line and its headers (curl -D keeps every answer, e.g. a 100 Continue first). */
        static List<String> lastHeaderBlock(List<String> lines) {
            int start = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("HTTP/")) {
                    start = i;
                }
            }
            return lines.subList(start, lines.size()).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
        }
    }

    /** Quotes for POSIX shells. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
