package cn.smedt.hub.messaging;

/**
 * A network client of the embedded broker that a {@link BrokerClientAuthenticator} has recognised (a factory
 * gateway, say), with what it may publish.
 *
 * @param name      the user name it connected with (logged by the broker)
 * @param addresses the broker addresses it may send to and create, as words separated by {@code .} where a word
 *                  {@code *} stands for any one word (MQTT topic {@code a/b} is address {@code a.b}, so
 *                  {@code smedt.X.*.telemetry} is the topics {@code smedt/X/<anything>/telemetry}); it may not
 *                  consume, browse or manage anything, and never send to a wildcard or fully qualified address
 */
public record BrokerClient(String name, String addresses) {

    private static final String WORD = "*";

    boolean maySendTo(String address) {
        if (address == null || address.contains("::") || address.indexOf('*') >= 0 || address.indexOf('#') >= 0) {
            return false;
        }
        String[] allowed = addresses.split("\\.", -1);
        String[] words = address.split("\\.", -1);
        if (words.length != allowed.length) {
            return false;
        }
        for (int i = 0; i < words.length; i++) {
            boolean any = WORD.equals(allowed[i]) && !words[i].isEmpty();
            if (!any && !allowed[i].equals(words[i])) {
                return false;
            }
        }
        return true;
    }
}
