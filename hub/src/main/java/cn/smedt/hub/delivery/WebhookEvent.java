package cn.smedt.hub.delivery;

/**
 * A kind of event the hub delivers to partners' webhooks (contract: the callbacks of api-specs loans.yaml and
 * assessments.yaml, the {@code DeviceKpiReport} of devices.yaml). A feature that delivers events is a bean of this
 * type; {@link Deliveries} renders the payload of a planned delivery by its {@link #type()} when it sends it.
 */
public interface WebhookEvent {

    /** The {@code eventType} of the payload and of its outbox rows ({@code event_type}), e.g. subsidy-decision. */
    String type();

    /** What the delivery key names, for log lines: {@code decision}, {@code report}. */
    String subject();

    /** The typed payload of the event {@code key} (a record the contract describes), serialized as JSON. */
    Object payload(String key);
}
