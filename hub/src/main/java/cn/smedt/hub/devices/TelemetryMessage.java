package cn.smedt.hub.devices;

/**
 * One telemetry message as it reached the hub: the payload a device (or an OPC UA factory) published and the MQTT
 * topic it published it to.
 *
 * @param payload the message's body, the sample as JSON
 * @param topic   {@code smedt/<uscc>/<deviceId>/telemetry}, as published (null when unknown)
 */
record TelemetryMessage(byte[] payload, String topic) {
}
