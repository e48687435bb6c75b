package cn.smedt.hub.cluster;

/** The embedded Hazelcast member could not be configured or started. */
public class ClusterStartException extends RuntimeException {

    public ClusterStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
