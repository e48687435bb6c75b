package cn.smedt.hub.devices;

/** A telemetry message that cannot be accepted; it goes to the invalid-telemetry queue with this reason. */
class TelemetryRejectedException extends RuntimeException {

    TelemetryRejectedException(String message) {
        super(message);
    }
}
