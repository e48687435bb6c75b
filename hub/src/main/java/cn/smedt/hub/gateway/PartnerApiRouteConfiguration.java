package cn.smedt.hub.gateway;

import cn.smedt.hub.kernel.ProblemException;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;

/**
 * Error handling shared by the routes that answer partner operations synchronously (route configuration
 * {@value #ID}): failures go straight back to the gateway, never redelivered inside the route. Refusals
 * ({@link ProblemException}) are rendered as problem+json (they are answers, not failures: not logged as errors);
 * a transient database failure is retried by {@link OperationRunner} as a whole: a write runs in the gateway's
 * transaction, which such a failure has already doomed (PostgreSQL aborts it), so only a new transaction can retry.
 */
@Component
public class PartnerApiRouteConfiguration extends RouteConfigurationBuilder {

    public static final String ID = "partner-api";

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(TransientDataAccessException.class)
                    .maximumRedeliveries(0)
                    .logExhausted(false).logStackTrace(false)
                    .handled(false)
                .end()
                .onException(ProblemException.class)
                    .maximumRedeliveries(0)
                    .logExhausted(false).logStackTrace(false)
                    .handled(false);
    }
}
