package cn.smedt.hub.gateway;

import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;

/**
 * Error handling shared by the routes that answer partner operations synchronously (route configuration
 * {@value #ID}): transient database failures are retried briefly; refusals ({@link ProblemException}) go straight
 * back to the gateway, which renders them as problem+json (they are answers, not failures: not logged as errors).
 */
@Component
public class PartnerApiRouteConfiguration extends RouteConfigurationBuilder {

    public static final String ID = "partner-api";

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(TransientDataAccessException.class)
                    .maximumRedeliveries(2).redeliveryDelay(50).backOffMultiplier(2)
                    .handled(false)
                .end()
                .onException(ProblemException.class)
                    .maximumRedeliveries(0)
                    .logExhausted(false).logStackTrace(false)
                    .handled(false);
    }
}
