package cn.smedt.hub.progress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import cn.smedt.hub.regions.RegionScope;
import cn.smedt.hub.storage.RaceFreeWrites;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The latest progress summary each child hub node sent for its region (federation roll-up), which
 * {@link ProgressService} adds into the summaries of the regions that contain it.
 */
@Component
public class RolledUpSummaries {

    /**
     * One child's summary.
     *
     * @param region     the child's region
     * @param hubId      the child hub (partner id)
     * @param asOf       when the child computed it
     * @param receivedAt when it arrived here
     * @param summary    the figures (getProgress shape)
     */
    public record ChildSummary(String region, String hubId, Instant asOf, Instant receivedAt,
                               Map<String, Object> summary) {
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final RaceFreeWrites writes;
    private final Clock clock;

    RolledUpSummaries(JdbcTemplate jdbc, ObjectMapper json, RaceFreeWrites writes, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.writes = writes;
        this.clock = clock;
    }

    /**
     * Keeps the summary unless a newer one of the region is stored; answers whether it was applied. One conditional
     * update or the first insert ({@link RaceFreeWrites#upsert}), so of two concurrent summaries the older never wins.
     * {@code asOf} is kept to the microsecond (what both databases store; a contract date-time may carry nanoseconds).
     */
    @Transactional
    public boolean store(String region, String hubId, Instant asOf, JsonNode summary) throws JsonProcessingException {
        String text = json.writeValueAsString(summary);
        Timestamp at = Timestamp.from(asOf.truncatedTo(ChronoUnit.MICROS));
        Timestamp now = Timestamp.from(clock.instant());
        return writes.upsert(() -> jdbc.update("update region_summary set hub_id = ?, as_of = ?, received_at = ?,"
                        + " summary = ? where region_code = ? and as_of <= ?", hubId, at, now, text, region, at),
                () -> jdbc.update("insert into region_summary (region_code, hub_id, as_of, received_at, summary)"
                        + " values (?, ?, ?, ?, ?)", region, hubId, at, now, text));
    }

    /** The stored summaries of the regions inside {@code scope} (other than {@code except}). */
    public List<ChildSummary> within(RegionScope scope, String except) {
        List<ChildSummary> found = new ArrayList<>();
        jdbc.query("select region_code, hub_id, as_of, received_at, summary from region_summary"
                + " where " + scope.condition("region_code") + " and region_code <> ? order by region_code", rs -> {
                    try {
                        found.add(new ChildSummary(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                                rs.getTimestamp(4).toInstant(), json.readValue(rs.getString(5),
                                        new TypeReference<Map<String, Object>>() { })));
                    } catch (JsonProcessingException e) {
                        throw new StoredSummaryException("stored summary of " + rs.getString(1) + " is not JSON", e);
                    }
                }, scope.arguments(except));
        return found;
    }
}
