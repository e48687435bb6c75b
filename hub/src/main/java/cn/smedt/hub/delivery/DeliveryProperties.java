package cn.smedt.hub.delivery;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where decisions go besides the submitting partner's webhook, and how the government platform wants to be called.
 *
 * @param governmentUrl  endpoint of the government office platform that receives subsidy decisions; empty: none
 * @param governmentAuth the platform's own authentication on top of the hub's RFC 9421 signature; null: signature only
 * @param consumers      concurrent consumers of the deliveries queue (default 4): a delivery waits for its receiver's
 *                       answer, so with one consumer a receiver 50 ms away would get at most 20 deliveries a second
 */
@ConfigurationProperties(prefix = "hub.delivery")
public record DeliveryProperties(String governmentUrl, GovernmentAuth governmentAuth,
                                 @DefaultValue("4") int consumers) {

    public DeliveryProperties {
        if (consumers < 1) {
            throw new DeliveryConfigurationException("hub.delivery.consumers must be at least 1, not " + consumers);
        }
    }

    /**
     * A government platform's authentication scheme (connectors module, cn.smedt.connectors.govauth).
     *
     * @param scheme    {@code zhengding-hmac} (浙政钉 open platform) or {@code irs} (Zhejiang IRS gateway)
     * @param apiKey    浙政钉 apiKey, or the IRS appKey
     * @param secret    浙政钉 secretKey, or the IRS appSecret (from the environment or a secret store, never committed)
     * @param tokenUrl  IRS only: the token endpoint that exchanges appKey/appSecret for a request secret
     */
    public record GovernmentAuth(String scheme, String apiKey, String secret, String tokenUrl) {
    }
}
