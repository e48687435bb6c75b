package cn.smedt.hub.node;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps the operator's pages off the partner port and the partner API off the operator port
 * ({@link OperatorProperties}): a request for the other port's paths is answered 404, as a path that does not exist.
 * Operator paths: {@code /dashboard} and below, and the actuator's {@code /actuator/} (metrics, the Prometheus scrape;
 * docs/metrics.md); both ports serve {@code /webjars/} (the scripts of the pages), {@code /actuator/health} (status
 * only) and the probes {@code /livez} and {@code /readyz}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class OperatorPaths extends OncePerRequestFilter {

    private final OperatorProperties operator;

    OperatorPaths(OperatorProperties operator) {
        this.operator = operator;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean operatorPort = operator.enabled() && request.getLocalPort() == operator.port();
        boolean shared = path.startsWith("/webjars/") || path.equals("/actuator/health") || path.equals("/livez")
                || path.equals("/readyz");
        if (!shared && operatorPort != isOperatorPath(path)) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean isOperatorPath(String path) {
        return path.equals("/dashboard") || path.startsWith("/dashboard/") || path.startsWith("/actuator/");
    }
}
