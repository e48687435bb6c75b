package cn.smedt.hub.kernel;

import cn.smedt.hub.node.TlsPolicy;
import cn.smedt.hub.node.TransportConfigurationException;
import cn.smedt.hub.node.TransportProperties;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.stereotype.Component;

/**
 * The TLS side of the calls this node makes to other hubs and to receivers of deliveries: the trust store (and the
 * client certificate, for mutual TLS) of the bundle {@code hub.transport.outbound-bundle}, else the JDK's default
 * trust store; the protocols and ciphers of {@link TlsPolicy}; host names verified. Read at start: a rotated
 * outbound bundle takes effect on restart.
 */
@Component
public class OutboundTls {

    private final SSLContext context;
    private final String source;

    public OutboundTls(TransportProperties props, SslBundles bundles) {
        String name = props.outboundBundle();
        if (name == null || name.isBlank()) {
            try {
                this.context = SSLContext.getDefault();
            } catch (NoSuchAlgorithmException e) {
                throw new TransportConfigurationException("no default TLS context in this JVM", e);
            }
            this.source = "the JDK's default trust store";
        } else {
            SslBundle bundle = TlsPolicy.apply(name, bundles.getBundle(name));
            this.context = bundle.createSslContext();
            this.source = "SSL bundle '" + name + "'";
        }
    }

    /** The context for an HTTPS client of the hub. */
    public SSLContext context() {
        return context;
    }

    /** Protocols and ciphers of {@link TlsPolicy} for an HTTPS client. */
    public SSLParameters parameters() {
        SSLParameters parameters = context.getDefaultSSLParameters();
        parameters.setProtocols(TlsPolicy.PROTOCOLS.toArray(String[]::new));
        parameters.setCipherSuites(TlsPolicy.CIPHERS.toArray(String[]::new));
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        return parameters;
    }

    /** Where the trust comes from, for a log line. */
    public String source() {
        return source;
    }

    /**
     * A one-line explanation when a call failed in the TLS handshake (the peer's certificate not trusted, expired, of
     * another host, or this node's client certificate refused), else empty.
     */
    public Optional<String> handshakeFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateExpiredException || cause instanceof CertificateNotYetValidException) {
                return Optional.of("TLS handshake refused: the peer's certificate is expired or not yet valid ("
                        + cause.getMessage() + "); trust from " + source);
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLHandshakeException handshake) {
                return Optional.of("TLS handshake refused: " + handshake.getMessage()
                        + " (the peer's certificate is checked against " + source + ")");
            }
        }
        return Optional.empty();
    }
}
