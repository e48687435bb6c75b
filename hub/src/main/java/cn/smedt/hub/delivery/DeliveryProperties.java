package cn.smedt.hub.delivery;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where decisions go besides the submitting partner's webhook.
 *
 * @param governmentUrl endpoint of the government office platform that receives subsidy decisions; empty: none
 */
@ConfigurationProperties(prefix = "hub.delivery")
public record DeliveryProperties(String governmentUrl) {
}
