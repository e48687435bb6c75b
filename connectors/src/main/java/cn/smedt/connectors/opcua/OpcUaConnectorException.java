package cn.smedt.connectors.opcua;

/** The OPC UA connector cannot do what its configuration asks (e.g. a security setup it does not support). */
public class OpcUaConnectorException extends RuntimeException {

    public OpcUaConnectorException(String message) {
        super(message);
    }
}
