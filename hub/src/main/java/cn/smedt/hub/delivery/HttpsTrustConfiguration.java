package cn.smedt.hub.delivery;

import cn.smedt.hub.kernel.OutboundTls;
import javax.net.ssl.SSLContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Deliveries over HTTPS verify the receiver's certificate as every outbound call of the hub does ({@link OutboundTls}:
 * the trust store of {@code hub.transport.outbound-bundle}, its key as client certificate): the Camel HTTP component
 * uses that TLS context for https endpoints (as the Camel context's global TLS parameters: set on the component, Camel
 * would turn every http endpoint into https) and keeps its default host name verification.
 */
@Configuration(proxyBeanMethods = false)
class HttpsTrustConfiguration {

    @Bean
    ComponentCustomizer outboundTlsForHttp() {
        return ComponentCustomizer.forType(HttpComponent.class, http -> http.setUseGlobalSslContextParameters(true));
    }

    @Bean
    CamelContextConfiguration outboundTlsForCamel(OutboundTls tls) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                camelContext.setSSLContextParameters(new BundleContextParameters(tls.context()));
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                // nothing to do once started
            }
        };
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
