package cn.smedt.hub;

import cn.smedt.security.keys.PemKeys;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Test certificates, made at test time with Bouncy Castle (none is committed): a certificate authority and what it
 * issues (a server certificate for 127.0.0.1 and localhost, client certificates of devices and hubs, expired ones),
 * written as PEM files under {@code target/it-data/tls-<id>/}. {@link #fixture} is the CA every {@link HubNode}'s
 * partner API certificate comes from; {@link #httpClient} trusts it.
 */
public final class TestTls {

    /** A certificate issued by a {@link TestTls} authority: PEM files and the objects. */
    public record Issued(Path certificate, Path privateKey, X509Certificate x509, KeyPair keys) {

        /** The certificate as a Spring Boot resource location. */
        public String certificateLocation() {
            return "file:" + certificate.toAbsolutePath();
        }

        /** The private key as a Spring Boot resource location. */
        public String privateKeyLocation() {
            return "file:" + privateKey.toAbsolutePath();
        }
    }

    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static TestTls fixture;
    private static Issued fixtureServer;
    private static HttpClient fixtureClient;

    private final Path dir;
    private final X500Name name;
    private final KeyPair keys;
    private final X509Certificate certificate;
    private final Path certificateFile;

    private TestTls(String commonName) {
        try {
            this.dir = Files.createDirectories(Path.of("target/it-data/tls-" + UUID.randomUUID().toString()
                    .substring(0, 8)));
            this.name = new X500Name("CN=" + commonName + ",O=smedt hub tests");
            this.keys = ecKeys();
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(2, ChronoUnit.DAYS)), name,
                    keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            this.certificate = sign(builder, keys);
            this.certificateFile = writePem(dir.resolve("ca.crt"), certificate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new certificate authority. */
    public static TestTls authority(String commonName) {
        return new TestTls(commonName);
    }

    /** The authority of the test nodes' server certificates (one per test JVM). */
    public static synchronized TestTls fixture() {
        if (fixture == null) {
            fixture = authority("hub test CA");
        }
        return fixture;
    }

    /** The server certificate every test node's partner API shows (127.0.0.1, localhost), by {@link #fixture}. */
    public static synchronized Issued fixtureServer() {
        if (fixtureServer == null) {
            fixtureServer = fixture().server("hub-node");
        }
        return fixtureServer;
    }

    /** An HTTP client trusting {@link #fixture} (and nothing else), as partners call the test nodes. */
    public static synchronized HttpClient httpClient() {
        if (fixtureClient == null) {
            fixtureClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                    .sslContext(fixture().clientContext(null)).build();
        }
        return fixtureClient;
    }

    /** This authority's certificate (PEM). */
    public Path caCertificate() {
        return certificateFile;
    }

    /** This authority's certificate as a Spring Boot resource location. */
    public String caLocation() {
        return "file:" + certificateFile.toAbsolutePath();
    }

    /** A server certificate for 127.0.0.1 and localhost, valid now. */
    public Issued server(String commonName) {
        Instant now = Instant.now();
        return issue("CN=" + commonName, true, now.minus(1, ChronoUnit.HOURS), now.plus(1, ChronoUnit.DAYS));
    }

    /** A client certificate with this subject (e.g. {@code CN=kiln-1,O=<uscc>}), valid now. */
    public Issued client(String subject) {
        Instant now = Instant.now();
        return issue(subject, false, now.minus(1, ChronoUnit.HOURS), now.plus(1, ChronoUnit.DAYS));
    }

    /** A certificate (server and client use, for 127.0.0.1 and localhost) valid from {@code from} until {@code until}. */
    public Issued issue(String subject, boolean server, Instant from, Instant until) {
        try {
            KeyPair issued = ecKeys();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(), Date.from(from),
                    Date.from(until), new X500Name(subject), issued.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, server
                            ? new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth,
                                KeyPurposeId.id_kp_clientAuth})
                            : new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            if (server) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.dNSName, "localhost")}));
            }
            X509Certificate x509 = sign(builder, keys);
            String file = "cert-" + x509.getSerialNumber();
            return new Issued(writePem(dir.resolve(file + ".crt"), x509),
                    Files.writeString(dir.resolve(file + ".key"), PemKeys.toPem(issued.getPrivate())), x509, issued);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A TLS context trusting this authority, showing {@code client}'s certificate when not null. */
    public SSLContext clientContext(Issued client) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (client != null) {
                KeyStore key = KeyStore.getInstance("PKCS12");
                key.load(null, null);
                key.setKeyEntry("client", client.keys().getPrivate(), new char[0],
                        new X509Certificate[] {client.x509()});
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(key, new char[0]);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), RANDOM);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code issued}'s key and certificate as a PKCS#12 file with this password (for WireMock's HTTPS). */
    public Path pkcs12(Issued issued, String password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("key", issued.keys().getPrivate(), password.toCharArray(),
                    new X509Certificate[] {issued.x509()});
            return store(store, dir.resolve("cert-" + issued.x509().getSerialNumber() + ".p12"), password);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This authority's certificate as a PKCS#12 trust store with this password. */
    public Path trustStore(String password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", certificate);
            return store(store, dir.resolve("ca-truststore.p12"), password);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path store(KeyStore store, Path file, String password) throws IOException,
            GeneralSecurityException {
        try (var out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file.toAbsolutePath();
    }

    private static KeyPair ecKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIALS.incrementAndGet());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer) {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path writePem(Path file, X509Certificate certificate) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(certificate);
        }
        return Files.writeString(file, out.toString());
    }
}
