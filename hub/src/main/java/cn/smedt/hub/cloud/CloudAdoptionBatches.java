package cn.smedt.hub.cloud;

import cn.smedt.hub.batches.BatchJobs;
import cn.smedt.hub.batches.BatchRecordHandler;
import cn.smedt.hub.kernel.ApiReply;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.PartnerOperation;
import cn.smedt.hub.kernel.PartnerRequest;
import cn.smedt.hub.kernel.PartnerRequests;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import cn.smedt.hub.messaging.Outbox;
import cn.smedt.hub.messaging.QueuedWorkRouteConfiguration;
import org.apache.camel.Body;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Batch uploads of cloud-adoption reports (NDJSON, one report per line), run by {@link BatchJobs} like loan batches:
 * each line goes through exactly the checks of a single report (contract, platform, region, date, stale) and gets a
 * result: ACCEPTED (now current), STALE (older than the state in force) or REJECTED with codes and pointers. A job
 * interrupted by a crash resumes after its last recorded line; re-applying a report of the unrecorded tail is
 * harmless (same data, same date).
 */
@Component
public class CloudAdoptionBatches {

    /** The durable queue of uploads to process (body: job id), fed through the outbox by {@link BatchJobs}. */
    static final String QUEUE = "jms:queue:cloud.batches";
    static final String KIND = "CLOUD_ADOPTION";
    static final String STALE = "STALE";

    private final BatchJobs jobs;
    private final CloudAdoptionIntake intake;
    private final PartnerRequests requests;

    CloudAdoptionBatches(BatchJobs jobs, CloudAdoptionIntake intake, PartnerRequests requests) {
        this.jobs = jobs;
        this.intake = intake;
        this.requests = requests;
    }

    /** Stores the upload and queues it (operation submitCloudAdoptionBatch). */
    @PartnerOperation("submitCloudAdoptionBatch")
    public ApiReply accept(PartnerRequest request) throws IOException {
        Partner platform = request.partner();
        CloudAdoptionIntake.requirePlatform(platform);
        String jobId = jobs.store(KIND, platform, request.raw(), "application/x-ndjson", QUEUE);
        return ApiReply.accepted(view(jobId));
    }

    /** Progress of a job (operation getCloudAdoptionBatch). */
    @PartnerOperation("getCloudAdoptionBatch")
    public ApiReply job(PartnerRequest request) {
        String jobId = request.pathParam("jobId");
        jobs.requireOwn(jobId, KIND, request.partner());
        return ApiReply.ok(view(jobId));
    }

    /** One NDJSON line per processed line (operation getCloudAdoptionBatchResults). */
    @PartnerOperation("getCloudAdoptionBatchResults")
    public ApiReply results(PartnerRequest request) {
        String jobId = request.pathParam("jobId");
        jobs.requireOwn(jobId, KIND, request.partner());
        return ApiReply.bytes(jobs.results(jobId), "application/x-ndjson");
    }

    /** Processes a queued job from where it stopped. */
    public void process(@Body String jobId) throws IOException {
        jobs.process(jobId, this::applyLine);
    }

    private BatchRecordHandler.RecordOutcome applyLine(ObjectNode record, Partner platform) {
        PartnerRequests.BatchLine line = requests.batchLine(platform, "/api/v1/cloud-adoption", record);
        if (line.isForwarded()) {
            PartnerRequests.ForwardedLine elsewhere = line.forwarded();
            return new BatchRecordHandler.RecordOutcome(elsewhere.status() == 202 ? BatchJobs.ACCEPTED : STALE,
                    elsewhere.answer().path("uscc").asText());
        }
        CloudAdoptionIntake.Outcome outcome = intake.apply(line.here());
        return new BatchRecordHandler.RecordOutcome(
                CloudAdoptionIntake.CURRENT.equals(outcome.status()) ? BatchJobs.ACCEPTED : STALE, outcome.uscc());
    }

    private Map<String, Object> view(String jobId) {
        Map<String, Object> view = jobs.view(jobId, "/api/v1/cloud-adoption-batches/" + jobId + "/results");
        int processed = ((Number) view.get("processed")).intValue();
        int accepted = ((Number) view.get("accepted")).intValue();
        int rejected = ((Number) view.get("rejected")).intValue();
        view.put("stale", processed - accepted - rejected);
        return view;
    }

    /** From the queue to {@link #process}, in the message's JMS transaction. */
    @Component
    static class BatchRoute extends RouteBuilder {

        @Override
        public void configure() {
            from(QUEUE).routeId("processCloudAdoptionBatch").routeConfigurationId(QueuedWorkRouteConfiguration.ID)
                    .bean(Outbox.class, "attempt")
                    .bean(CloudAdoptionBatches.class, "process")
                    .bean(Outbox.class, "done");
        }
    }
}
