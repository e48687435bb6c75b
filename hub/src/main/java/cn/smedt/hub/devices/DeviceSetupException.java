package cn.smedt.hub.devices;

/** The hub cannot set up device telemetry (e.g. its MQTT subscription); the node does not start half-working. */
class DeviceSetupException extends RuntimeException {

    DeviceSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
