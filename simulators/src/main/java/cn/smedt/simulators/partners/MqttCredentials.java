package cn.smedt.simulators.partners;

/**
 * An enterprise's device credentials for the hub's MQTT acceptor, as issued by the hub.
 *
 * @param username MQTT user name (the enterprise's USCC)
 * @param password MQTT password
 */
public record MqttCredentials(String username, String password) {

    @Override
    public String toString() {
        return "MqttCredentials[" + username + "]";
    }
}
