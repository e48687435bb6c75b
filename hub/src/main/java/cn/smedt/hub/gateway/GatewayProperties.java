package cn.smedt.hub.gateway;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The partner gateway: signature policy and limits (the partners themselves: {@link cn.smedt.hub.kernel.PartnerProperties}).
 *
 * @param signatureWindow   how old a signature's {@code created} may be (default 300 s); nonces are remembered
 *                          cluster-wide for twice this long
 * @param clockSkew         how far in the future {@code created} may be (default 30 s)
 * @param maxBodySize       largest JSON body accepted (default 1 MB)
 * @param maxBatchBodySize  largest batch upload (NDJSON/CSV) accepted (default 64 MB)
 * @param idempotencyTtl    how long an answer is kept for its {@code Idempotency-Key} (default 24 h)
 * @param publicBaseUrl     the base URL partners sign as {@code @target-uri} when the hub is behind a proxy;
 *                          empty means the URL of the request as received
 */
@ConfigurationProperties(prefix = "hub.gateway")
public record GatewayProperties(Duration signatureWindow, Duration clockSkew, DataSize maxBodySize,
                                DataSize maxBatchBodySize, Duration idempotencyTtl, String publicBaseUrl) {

    public GatewayProperties {
        signatureWindow = signatureWindow == null ? Duration.ofSeconds(300) : signatureWindow;
        clockSkew = clockSkew == null ? Duration.ofSeconds(30) : clockSkew;
        maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(1) : maxBodySize;
        maxBatchBodySize = maxBatchBodySize == null ? DataSize.ofMegabytes(64) : maxBatchBodySize;
        idempotencyTtl = idempotencyTtl == null ? Duration.ofHours(24) : idempotencyTtl;
    }
}
