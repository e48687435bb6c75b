package cn.smedt.hub.delivery;

import cn.smedt.hub.kernel.OutboundTls;
import javax.net.ssl.SSLContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Deliveries over HTTPS verify the receiver's certificate as every outbound call of the hub does ({@link OutboundTls}:
 * the trust store of {@code hub.transport.outbound-bundle}, its key as client certificate): the Camel HTTP component
 * gets that TLS context, and keeps its default host name verification.
 */
@Configuration(proxyBeanMethods = false)
class HttpsTrustConfiguration {

    @Bean
    ComponentCustomizer outboundTlsForHttp(OutboundTls tls) {
        return ComponentCustomizer.forType(HttpComponent.class,
                http -> http.setSslContextParameters(new BundleContextParameters(tls.context())));
    }

    /** Camel's TLS parameters answering the hub's own context instead of building one from key store files. */
    private static final class BundleContextParameters extends SSLContextParameters {

        private final SSLContext context;

        BundleContextParameters(SSLContext context) {
            this.context = context;
        }

        @Override
        public SSLContext createSSLContext(CamelContext camelContext) {
            return context;
        }
    }
}
