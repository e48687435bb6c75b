package cn.smedt.hub.federation;

import cn.smedt.api.model.RegionSummary;
import cn.smedt.hub.kernel.ApiReply;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.PartnerOperation;
import cn.smedt.hub.kernel.PartnerRequest;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import cn.smedt.hub.progress.ProgressService;
import cn.smedt.hub.progress.RolledUpSummaries;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Statistics roll-up from county to city to province: this node sends the progress summary of its region (its own
 * figures plus what its children sent, {@link ProgressService}) to its parent every
 * {@code hub.federation.rollup-interval} and on demand (operation rollUpNow), as a signed call of operation
 * submitRegionSummary; and it stores what its own children send ({@link RolledUpSummaries}).
 */
@Component
public class RegionRollup {

    static final String PATH = "/api/v1/federation/summaries";
    private static final Logger LOG = LoggerFactory.getLogger(RegionRollup.class);

    private final FederationProperties props;
    private final ProgressService progress;
    private final RolledUpSummaries rolledUp;
    private final HubCalls calls;
    private final ObjectMapper json;

    RegionRollup(FederationProperties props, ProgressService progress, RolledUpSummaries rolledUp, HubCalls calls,
                 ObjectMapper json) {
        this.props = props;
        this.progress = progress;
        this.rolledUp = rolledUp;
        this.calls = calls;
        this.json = json;
    }

    /**
     * Operation submitRegionSummary: a child's summary of its region. The gateway checked the region and the
     * summary's shape (the contract's ProgressSummary: only known figures, each of its type), so what is stored is
     * what {@link ProgressService} can add up.
     */
    @PartnerOperation("submitRegionSummary")
    public ApiReply receive(PartnerRequest request) throws JsonProcessingException {
        RegionSummary body = request.body(RegionSummary.class);
        Partner child = request.partner();
        String region = body.getRegionCode();
        boolean applied = rolledUp.store(region, child.id(), body.getAsOf().toInstant(), body.getSummary());
        LOG.info("summary of region {} from {} {}", region, child.id(), applied ? "stored" : "older than the stored one");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("regionCode", region);
        answer.put("applied", applied);
        return ApiReply.accepted(answer);
    }

    /** Operation rollUpNow: sends the summary to the parent now and answers what the parent said. */
    @PartnerOperation("rollUpNow")
    public ApiReply rollUpNow(PartnerRequest request) {
        if (props.parent() == null) {
            throw new ProblemException(ProblemCode.FEDERATION_NO_PARENT, "this hub node ("
                    + progress.nodeRegion() + ") has no parent in hub.federation.parent");
        }
        return ApiReply.ok(send());
    }

    /** The scheduled roll-up; a node without a parent does nothing. */
    @Scheduled(fixedDelayString = "${hub.federation.rollup-interval:PT5M}",
            initialDelayString = "${hub.federation.rollup-interval:PT5M}")
    public void scheduled() {
        if (props.parent() != null) {
            try {
                send();
            } catch (ProblemException | FederationException e) {
                LOG.warn("roll-up to {} failed: {}", props.parent().hubId(), e.getMessage());
            }
        }
    }

    private Map<String, Object> send() {
        FederationProperties.Link parent = props.parent();
        String region = progress.nodeRegion();
        Map<String, Object> summary = progress.summary(region);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("regionCode", region);
        body.put("asOf", summary.get("asOf"));
        body.put("summary", summary);
        try {
            HubCalls.Answer answer = calls.post(parent, PATH, "application/json", json.writeValueAsBytes(body),
                    Map.of("Idempotency-Key", "rollup-" + UUID.randomUUID()));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("parent", parent.hubId());
            result.put("regionCode", region);
            result.put("asOf", summary.get("asOf"));
            result.put("parentStatus", answer.status());
            result.put("parentAnswer", json.readTree(answer.body()));
            LOG.info("summary of region {} sent to {}: {}", region, parent.hubId(), answer.status());
            return result;
        } catch (IOException e) {
            throw new FederationException("summary of region " + region + " or the answer of " + parent.hubId()
                    + " is not JSON", e);
        }
    }
}
