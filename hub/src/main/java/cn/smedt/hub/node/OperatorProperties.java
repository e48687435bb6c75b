package cn.smedt.hub.node;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The operator port: a second, plain-HTTP connector of the node's web server for what is not for partners, the
 * dashboard ({@code /dashboard/}, its unsigned {@code /dashboard/api/summary}) and nothing else; the partner port
 * answers 404 for them, and the operator port answers 404 for the partner API. It listens on loopback by default:
 * reach it through an SSH tunnel or the operator's authenticating proxy (docs/security-transport.md).
 *
 * @param port    the operator connector's port (default 8081); 0: no operator connector (the dashboard is not served)
 * @param address the interface it listens on (default 127.0.0.1)
 */
@ConfigurationProperties(prefix = "hub.operator")
public record OperatorProperties(Integer port, String address) {

    public OperatorProperties {
        if (port == null) {
            port = 8081;
        }
        if (address == null || address.isBlank()) {
            address = "127.0.0.1";
        }
    }

    /** Whether the node has an operator connector. */
    public boolean enabled() {
        return port > 0;
    }
}
