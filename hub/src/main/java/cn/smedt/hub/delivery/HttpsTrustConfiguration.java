package cn.smedt.hub.delivery;

import cn.smedt.hub.kernel.OutboundTls;
import javax.net.ssl.SSLContext;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Deliveries over HTTPS verify the receiver's certificate as every outbound call of the hub does ({@link OutboundTls}:
 * the trust store of {@code hub.transport.outbound-bundle}, its key as client certificate): that TLS context is the
 * Camel context's global TLS parameters, which the HTTP component uses for https endpoints
 * ({@code camel.component.http.use-global-ssl-context-parameters} in application.yml; set on the component, Camel
 * would turn every http endpoint into https), with its default host name verification.
 */
@Configuration(proxyBeanMethods = false)
class HttpsTrustConfiguration {

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
