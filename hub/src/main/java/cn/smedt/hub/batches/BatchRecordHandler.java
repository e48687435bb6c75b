package cn.smedt.hub.batches;

import cn.smedt.hub.kernel.Partner;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What a kind of batch does with one record: the same checks and intake as the single-record operation. */
@FunctionalInterface
public interface BatchRecordHandler {

    /**
     * Handles one record of the partner's upload.
     *
     * @return the line's outcome
     * @throws cn.smedt.hub.kernel.ProblemException when the record is refused (the line is REJECTED with its codes)
     */
    RecordOutcome handle(ObjectNode record, Partner partner);

    /**
     * The result of a line that was not refused.
     *
     * @param status   ACCEPTED, or a kind-specific status such as STALE (counted as neither accepted nor rejected)
     * @param recordId the id of what the line created or updated
     */
    record RecordOutcome(String status, String recordId) {

        public static RecordOutcome accepted(String recordId) {
            return new RecordOutcome(BatchJobs.ACCEPTED, recordId);
        }
    }
}
