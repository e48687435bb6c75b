package cn.smedt.hub.progress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    private final Clock clock;

    RolledUpSummaries(JdbcTemplate jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** Keeps the summary unless a newer one of the region is stored; answers whether it was applied. */
    @Transactional
    public boolean store(String region, String hubId, Instant asOf, JsonNode summary) throws JsonProcessingException {
        List<Timestamp> stored = jdbc.queryForList("select as_of from region_summary where region_code = ?",
                Timestamp.class, region);
        if (!stored.isEmpty() && stored.get(0).toInstant().isAfter(asOf)) {
            return false;
        }
        jdbc.update("delete from region_summary where region_code = ?", region);
        jdbc.update("insert into region_summary (region_code, hub_id, as_of, received_at, summary)"
                        + " values (?, ?, ?, ?, ?)", region, hubId, Timestamp.from(asOf),
                Timestamp.from(clock.instant()), json.writeValueAsString(summary));
        return true;
    }

    /** The stored summaries of regions whose code starts with {@code prefix} (other than {@code except}). */
    public List<ChildSummary> within(String prefix, String except) {
        List<ChildSummary> found = new ArrayList<>();
        jdbc.query("select region_code, hub_id, as_of, received_at, summary from region_summary"
                + " where region_code like ? and region_code <> ? order by region_code", rs -> {
                    try {
                        found.add(new ChildSummary(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                                rs.getTimestamp(4).toInstant(), json.readValue(rs.getString(5),
                                        new TypeReference<Map<String, Object>>() { })));
                    } catch (JsonProcessingException e) {
                        throw new StoredSummaryException("stored summary of " + rs.getString(1) + " is not JSON", e);
                    }
                }, prefix + "%", except);
        return found;
    }
}
