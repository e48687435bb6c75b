package cn.smedt.hub.gateway;

/** The web server could not be set up as the gateway needs it; the node does not start. */
class GatewaySetupException extends RuntimeException {

    GatewaySetupException(String message) {
        super(message);
    }
}
