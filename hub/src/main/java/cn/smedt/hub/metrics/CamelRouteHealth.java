package cn.smedt.hub.metrics;

import cn.smedt.hub.kernel.ConnectorHealth;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.springframework.stereotype.Component;

/**
 * The node's Camel routes as connectors ({@code route:<route id>}: the county packs' sources, the telemetry
 * ingestion from the broker, deliveries, decisions), working while the route is started.
 */
@Component
class CamelRouteHealth implements ConnectorHealth {

    private final CamelContext camel;

    CamelRouteHealth(CamelContext camel) {
        this.camel = camel;
    }

    @Override
    public Map<String, Boolean> connectors() {
        Map<String, Boolean> routes = new TreeMap<>();
        for (Route route : camel.getRoutes()) {
            routes.put("route:" + route.getRouteId(),
                    camel.getRouteController().getRouteStatus(route.getRouteId()) == ServiceStatus.Started);
        }
        return routes;
    }
}
