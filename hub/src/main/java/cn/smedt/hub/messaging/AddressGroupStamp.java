package cn.smedt.hub.messaging;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * profile), for at most {@value #MAX_ADDRESSES} addresses; beyond, it starts afresh.
 */
final class AddressGroupStamp implements ActiveMQServerMessagePlugin {

    private static final WildcardConfiguration CORE_WILDCARDS = new WildcardConfiguration();

    /** The most addresses {@link #groupedAddresses} keeps. */
    static final int MAX_ADDRESSES = 100_000;

    private final List<Address> grouped;
    /** Address sent to: whether a grouped subscription's address matches it. */
    private final Map<SimpleString, Boolean> groupedAddresses = new ConcurrentHashMap<>();

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
        if (groupedAddresses.size() >= MAX_ADDRESSES) {
            groupedAddresses.clear();
        }
        if (groupedAddresses.computeIfAbsent(address, this::grouped)) {
            message.setGroupID(address);
        }
    }

    private boolean grouped(SimpleString address) {
        AddressImpl sent = new AddressImpl(address, CORE_WILDCARDS);
        return grouped.stream().anyMatch(sent::matches);
    }
}
