package cn.smedt.hub.devices;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The latest sample of a device, kept in the Hazelcast map {@value DeviceTelemetry#STATE_MAP}.
 *
 * @param uscc      the enterprise the device belongs to (from its topic)
 * @param deviceId  the device id (from its topic)
 * @param at        the sample's own timestamp
 * @param state     the machine state at {@code at}
 * @param partCount the cumulative part counter at {@code at}
 * @param energyKwh the cumulative energy meter at {@code at}, kWh
 */
public record DeviceState(String uscc, String deviceId, Instant at, MachineState state, long partCount,
                          BigDecimal energyKwh) implements Serializable {
}
