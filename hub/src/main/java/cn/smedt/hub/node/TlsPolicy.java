package cn.smedt.hub.node;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;

/**
 * The TLS versions and cipher suites every listener and client of the hub uses (docs/security-transport.md): TLS 1.3
 * and 1.2 only; for TLS 1.2 only ECDHE key exchange with AEAD ciphers (forward secrecy, no CBC, no RSA key transport).
 * An SSL bundle without options gets these; one whose options name another protocol is refused.
 */
public final class TlsPolicy {

    /** The protocols allowed, newest first. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** The cipher suites (JSSE names) used when a bundle names none. */
    public static final List<String> CIPHERS = List.of(
            "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private TlsPolicy() {
    }

    /**
     * The bundle with this policy's protocols and ciphers where its options name none.
     *
     * @throws TransportConfigurationException when its options allow a protocol other than TLS 1.3 or 1.2
     */
    public static SslBundle apply(String name, SslBundle bundle) {
        SslOptions options = bundle.getOptions();
        String[] protocols = options.getEnabledProtocols();
        if (protocols != null && !PROTOCOLS.containsAll(Arrays.asList(protocols))) {
            throw new TransportConfigurationException("SSL bundle '" + name + "': enabled-protocols "
                    + Arrays.toString(protocols) + " — only " + PROTOCOLS + " are allowed");
        }
        String[] ciphers = options.getCiphers();
        SslOptions applied = SslOptions.of(ciphers != null ? Set.of(ciphers) : Set.copyOf(CIPHERS),
                protocols != null ? Set.of(protocols) : Set.copyOf(PROTOCOLS));
        return SslBundle.of(bundle.getStores(), bundle.getKey(), applied, bundle.getProtocol(), bundle.getManagers());
    }
}
