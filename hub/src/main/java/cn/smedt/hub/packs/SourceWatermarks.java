package cn.smedt.hub.packs;

import cn.smedt.hub.storage.RaceFreeWrites;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The incremental-sync watermarks of the county sources (table {@code pack_source_watermark}, Flyway V60). A
 * watermark only grows: values are compared as text (ISO-8601 times or fixed-width numbers compare correctly), and
 * the update is conditional, so nodes of a cluster polling the same source never move it back.
 */
@Component
class SourceWatermarks {

    private final JdbcTemplate jdbc;
    private final RaceFreeWrites writes;
    private final Clock clock;

    SourceWatermarks(JdbcTemplate jdbc, RaceFreeWrites writes, Clock clock) {
        this.jdbc = jdbc;
        this.writes = writes;
        this.clock = clock;
    }

    /** The stored watermark of a source. */
    Optional<String> find(String source) {
        return jdbc.queryForList("select watermark from pack_source_watermark where source_key = ?", String.class,
                source).stream().findFirst();
    }

    /** Raises the watermark of a source to {@code watermark} unless it is already as high. */
    void raise(String source, String watermark) {
        Timestamp now = Timestamp.from(clock.instant());
        int updated = jdbc.update("update pack_source_watermark set watermark = ?, updated_at = ?"
                + " where source_key = ? and watermark < ?", watermark, now, source, watermark);
        if (updated == 0 && find(source).isEmpty()) {
            boolean inserted = writes.insertIfAbsent(() -> jdbc.update("insert into pack_source_watermark"
                    + " (source_key, watermark, updated_at) values (?, ?, ?)", source, watermark, now));
            if (!inserted) {
                jdbc.update("update pack_source_watermark set watermark = ?, updated_at = ?"
                        + " where source_key = ? and watermark < ?", watermark, now, source, watermark);
            }
        }
    }
}
