package cn.smedt.hub.messaging;

/**
 * A network client of the embedded broker that a {@link BrokerClientAuthenticator} has recognised (a factory
 * gateway, say), with what it may publish.
 *
 * @param name          the user name it connected with (logged by the broker)
 * @param addressPrefix the broker addresses it may send to and create start with this (MQTT topic {@code a/b} is
 *                      address {@code a.b}); it may not consume, browse or manage anything
 */
public record BrokerClient(String name, String addressPrefix) {

    boolean maySendTo(String address) {
        return address != null && address.startsWith(addressPrefix) && address.indexOf("::") < 0;
    }
}
