package cn.smedt.hub.node;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.catalina.connector.Connector;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * The listeners of the node's web server. The partner API speaks HTTPS with the SSL bundle of
 * {@code server.ssl.bundle} (PEM or PKCS#12 files, reloaded on change when the bundle says
 * {@code reload-on-update}) under {@link TlsPolicy} (TLS 1.3 and 1.2, ECDHE with AEAD ciphers); without a bundle the
 * node refuses to start unless {@code hub.transport.plaintext-http} allows plain HTTP. The operator connector
 * ({@link OperatorProperties}) is added beside it. Runs after Spring Boot's own customizer, which set the SSL settings.
 */
@Component
class WebServerTransport implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final TransportProperties transport;
    private final OperatorProperties operator;
    private final SslBundles bundles;

    WebServerTransport(TransportProperties transport, OperatorProperties operator, SslBundles bundles) {
        this.transport = transport;
        this.operator = operator;
        this.bundles = bundles;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        Ssl ssl = factory.getSsl();
        if (Ssl.isEnabled(ssl)) {
            if (ssl.getBundle() == null || ssl.getBundle().isBlank()) {
                throw new TransportConfigurationException("server.ssl: name the certificate with server.ssl.bundle"
                        + " (spring.ssl.bundle.pem.<name> or .jks.<name>), not server.ssl.key-store"
                        + " (docs/security-transport.md)");
            }
            factory.setSslBundles(new PolicyBundles(bundles));
        } else if (!transport.plaintextHttp()) {
            throw new TransportConfigurationException("the partner API has no TLS: set server.ssl.bundle"
                    + " (docs/security-transport.md), or hub.transport.plaintext-http=true behind a proxy that"
                    + " terminates TLS");
        }
        if (operator.enabled()) {
            Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
            connector.setPort(operator.port());
            connector.setProperty("address", operator.address());
            factory.addAdditionalTomcatConnectors(connector);
        }
    }

    /** The node's SSL bundles, each with {@link TlsPolicy} applied (also to a bundle reloaded after a change). */
    private record PolicyBundles(SslBundles delegate) implements SslBundles {

        @Override
        public SslBundle getBundle(String name) throws NoSuchSslBundleException {
            return TlsPolicy.apply(name, delegate.getBundle(name));
        }

        @Override
        public void addBundleUpdateHandler(String name, Consumer<SslBundle> handler) throws NoSuchSslBundleException {
            delegate.addBundleUpdateHandler(name, updated -> handler.accept(TlsPolicy.apply(name, updated)));
        }

        @Override
        public void addBundleRegisterHandler(BiConsumer<String, SslBundle> handler) {
            delegate.addBundleRegisterHandler((name, bundle) -> handler.accept(name, TlsPolicy.apply(name, bundle)));
        }

        @Override
        public List<String> getBundleNames() {
            return delegate.getBundleNames();
        }
    }
}
