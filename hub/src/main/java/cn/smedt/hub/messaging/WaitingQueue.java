package cn.smedt.hub.messaging;

/**
 * A queue on this node's broker whose records wait in a table for their message ({@link QueuedRecords}); the
 * {@link StrandedRecordSweeper} queues the ones it takes over again through {@link #requeue}.
 */
public interface WaitingQueue {

    /** The table of the records that wait for a message of this queue. */
    QueuedRecords.WaitingTable waiting();

    /** Sends the record's message again, to this node's queue. */
    void requeue(String recordId);
}
