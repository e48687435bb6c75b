package cn.smedt.hub.gateway;

import cn.smedt.api.contract.ContractCatalog;
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

    @Bean
    FilterRegistrationBean<PartnerGatewayFilter> partnerGatewayFilterRegistration(PartnerGatewayFilter filter) {
        FilterRegistrationBean<PartnerGatewayFilter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }
}
