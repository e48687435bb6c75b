package cn.smedt.hub.messaging;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * TLS on the broker's network acceptors (MQTT for devices, Core for peers): with a bundle, both acceptors of
 * {@link MessagingProperties} speak only TLS (TLS 1.3/1.2 and the ciphers of {@code node.TlsPolicy}), e.g.
 * {@code mqtt-url: tcp://0.0.0.0:8883}. The bundle's key store is the broker's certificate; its trust store, the CA
 * of the devices' client certificates. Read at start (a rotated certificate takes effect on restart).
 *
 * @param bundle     the SSL bundle ({@code spring.ssl.bundle.pem.<name>} or {@code .jks.<name>}); empty: plaintext
 *                   acceptors, only for loopback
 * @param clientAuth whether a device shows a client certificate: {@code none} (password over TLS, the default),
 *                   {@code want} (a certificate or a password), {@code need} (a certificate, mutual TLS)
 */
@ConfigurationProperties(prefix = "hub.messaging.tls")
public record BrokerTlsProperties(String bundle, ClientAuth clientAuth) {

    /** Whether the acceptors ask for a client certificate. */
    public enum ClientAuth { NONE, WANT, NEED }

    public BrokerTlsProperties {
        if (clientAuth == null) {
            clientAuth = ClientAuth.NONE;
        }
    }

    /** Whether the acceptors use TLS. */
    public boolean enabled() {
        return bundle != null && !bundle.isBlank();
    }
}
