package cn.smedt.hub.messaging;

import org.apache.camel.ProducerTemplate;

/**
 * A queue on this node's broker whose records wait in a table for their message ({@link QueuedRecords}): a record is
 * stored stamped with {@link #node()}, then {@link #send sent}; the {@link StrandedRecordSweeper} sends the ones it
 * takes over again. A feature's queue is a bean that extends this with its endpoint and table.
 */
public abstract class WaitingQueue {

    private final ProducerTemplate template;
    private final QueuedRecords queued;
    private final String endpoint;
    private final QueuedRecords.WaitingTable waiting;

    protected WaitingQueue(ProducerTemplate template, QueuedRecords queued, String endpoint,
                           QueuedRecords.WaitingTable waiting) {
        this.template = template;
        this.queued = queued;
        this.endpoint = endpoint;
        this.waiting = waiting;
    }

    /** The journal {@link #send} sends to: stamp it ({@code queued_on}) on the record stored in the same step. */
    public String node() {
        return queued.localNode();
    }

    /** Sends the record's message to this node's queue. */
    public void send(String recordId) {
        template.sendBody(endpoint, recordId);
    }

    /** The table of the records that wait for a message of this queue. */
    public QueuedRecords.WaitingTable waiting() {
        return waiting;
    }
}
