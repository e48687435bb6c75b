package cn.smedt.hub.kernel;

import java.util.Map;

/**
 * A feature's connectors to the outside and whether each works now: the one way connector health is reported
 * (metric {@code hub.connector.up}, docs/metrics.md). A bean of this type names its connectors
 * {@code <kind>:<name>} (e.g. {@code opcua:<factory file>}, {@code delivery:GOVERNMENT},
 * {@code route:<route id>}); the set may change while the node runs.
 */
public interface ConnectorHealth {

    /** Each connector of the feature, by name, and whether it works now. Must be cheap: it is read every few seconds. */
    Map<String, Boolean> connectors();
}
