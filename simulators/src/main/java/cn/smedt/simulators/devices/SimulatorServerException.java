package cn.smedt.simulators.devices;

/** A simulated device server (e.g. {@link OpcUaMachineServer}) could not start. */
public class SimulatorServerException extends RuntimeException {

    public SimulatorServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
