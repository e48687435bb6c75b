package cn.smedt.hub.messaging;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.WildcardConfiguration;
import org.apache.activemq.artemis.core.postoffice.Address;
import org.apache.activemq.artemis.core.postoffice.impl.AddressImpl;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;

/**
 * Gives a message sent to an address that a {@link BrokerSubscription#groupedByAddress() grouped} subscription's
 * (wildcard) address matches that address as its message group, unless it has a group (an MQTT publish has none):
 * the broker then delivers the messages of one address to one consumer of the queue at a time, in the order they
 * were sent, while the queue's other consumers take other addresses' messages. Whether an address is grouped is
 * remembered (a device sends to the same address every time; matching it word by word showed in the MQTT intake's
 * profile), for at most {@value #MAX_ADDRESSES} addresses; beyond, the least used are matched again when they come
 * back.
 */
final class AddressGroupStamp implements ActiveMQServerMessagePlugin {

    private static final WildcardConfiguration CORE_WILDCARDS = new WildcardConfiguration();

    /** The most addresses {@link #groupedAddresses} keeps. */
    static final int MAX_ADDRESSES = 100_000;

    private final List<Address> grouped;
    /** Address sent to: whether a grouped subscription's address matches it. */
    private final Cache<SimpleString, Boolean> groupedAddresses = Caffeine.newBuilder().maximumSize(MAX_ADDRESSES)
            .build();

    AddressGroupStamp(List<BrokerSubscription> subscriptions) {
        this.grouped = subscriptions.stream().filter(BrokerSubscription::groupedByAddress)
                .map(s -> (Address) new AddressImpl(SimpleString.of(s.address()), CORE_WILDCARDS)).toList();
    }

    boolean groupsAny() {
        return !grouped.isEmpty();
    }

    @Override
    public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct,
                           boolean noAutoCreateQueue) {
        SimpleString address = message.getAddressSimpleString();
        if (address == null || message.getGroupID() != null) {
            return;
        }
        if (groupedAddresses.get(address, this::grouped)) {
            message.setGroupID(address);
        }
    }

    private boolean grouped(SimpleString address) {
        AddressImpl sent = new AddressImpl(address, CORE_WILDCARDS);
        return grouped.stream().anyMatch(sent::matches);
    }
}
