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
        if (raiseStored(source, watermark, now) > 0) {
            return;
        }
        // no row, or one as high already: insert; when another writer's row is there (now committed, perhaps
        // lower, as it may have appeared after the update above), raise it
        boolean inserted = writes.insertIfAbsent(() -> jdbc.update("insert into pack_source_watermark"
                + " (source_key, watermark, updated_at) values (?, ?, ?)", source, watermark, now));
        if (!inserted) {
            raiseStored(source, watermark, now);
        }
    }

    private int raiseStored(String source, String watermark, Timestamp now) {
        return jdbc.update("update pack_source_watermark set watermark = ?, updated_at = ?"
                + " where source_key = ? and watermark < ?", watermark, now, source, watermark);
    }
}
