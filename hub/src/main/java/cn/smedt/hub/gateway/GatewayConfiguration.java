package cn.smedt.hub.gateway;

import cn.smedt.api.contract.ContractCatalog;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Wires the partner gateway in front of {@code /api/*}. */
@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

    @Bean
    ContractCatalog contractCatalog() {
        return ContractCatalog.loadDefault();
    }

    /** Requests Tomcat refuses before any filter (see {@link ProblemErrorReportValve}) get problem+json too. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            } else {
                throw new GatewaySetupException("Tomcat context has no host to set the error report valve on");
            }
        });
    }

    @Bean
    FilterRegistrationBean<PartnerGatewayFilter> partnerGatewayFilterRegistration(PartnerGatewayFilter filter) {
        FilterRegistrationBean<PartnerGatewayFilter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }
}
