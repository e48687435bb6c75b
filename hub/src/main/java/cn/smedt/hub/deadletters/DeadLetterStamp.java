package cn.smedt.hub.deadletters;

import java.time.Clock;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.RoutingContext;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.stereotype.Component;

/**
 * Stamps every message the broker routes to the dead-letter address with the time it got there (property
 * {@value #FAILED_AT}, epoch milliseconds): the broker moves a message there right when its last attempt fails, and
 * sets no time of its own (only {@code _AMQ_ORIG_ADDRESS}, {@code _AMQ_ORIG_QUEUE}, {@code _AMQ_ORIG_MESSAGE_ID}), while
 * the message's own timestamp is when it was first sent. A replayed letter that fails again is stamped anew.
 */
@Component
class DeadLetterStamp implements ArtemisConfigurationCustomizer, ActiveMQServerMessagePlugin {

    static final String FAILED_AT = "HubFailedAt";

    private final Clock clock;

    DeadLetterStamp(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void customize(org.apache.activemq.artemis.core.config.Configuration configuration) {
        configuration.registerBrokerPlugin(this);
    }

    @Override
    public void beforeMessageRoute(Message message, RoutingContext context, boolean direct,
                                   boolean rejectDuplicates) {
        if (DeadLetters.DEAD_LETTER_ADDRESS.equals(message.getAddress())) {
            message.putLongProperty(FAILED_AT, clock.millis());
        }
    }
}
