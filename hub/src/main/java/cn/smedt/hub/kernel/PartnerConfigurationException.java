package cn.smedt.hub.kernel;

/** The partner registry in the configuration is inconsistent; the hub refuses to start. */
public class PartnerConfigurationException extends RuntimeException {

    public PartnerConfigurationException(String message) {
        super(message);
    }

    public PartnerConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
