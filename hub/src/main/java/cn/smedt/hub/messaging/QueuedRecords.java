package cn.smedt.hub.messaging;

import com.hazelcast.core.HazelcastInstance;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Records that wait for a message on a node's own queue (an accepted interest period for its decision, a passed
 * acceptance for its subsidy decision). Each node has its own embedded broker, so a node that dies strands its
 * messages in its journal until it restarts, and a node that dies between a record's commit and the send has no
 * message at all. Each such row therefore names the broker journal that holds its message ({@code queued_on}:
 * {@link BrokerJournal}, which every live node publishes in the cluster) and since when ({@code queued_at});
 * {@link #takeOver} lets any live node claim at once the rows of a journal whose node has left the cluster, and the
 * rows whose message has been out longer than a grace period (lost on a live node), and queue them again on its own
 * broker. The claim is one conditional update per row, so of several nodes sweeping at once exactly one re-queues a
 * row; deciding is idempotent per record anyway, so a row re-queued while its first message still exists (its node
 * came back) is decided once.
 */
@Component
public class QueuedRecords {

    private final JdbcTemplate jdbc;
    private final HazelcastInstance cluster;
    private final BrokerJournal journal;
    private final Clock clock;

    QueuedRecords(JdbcTemplate jdbc, HazelcastInstance cluster, BrokerJournal journal, Clock clock) {
        this.jdbc = jdbc;
        this.cluster = cluster;
        this.journal = journal;
        this.clock = clock;
    }

    /**
     * A table of such records: {@code table} has the columns {@code idColumn}, {@code queued_on} and
     * {@code queued_at}; {@code waiting} is the SQL condition (no parameters) of rows that still wait for their message.
     */
    public record WaitingTable(String table, String idColumn, String waiting) {
    }

    /** The id this node stamps as {@code queued_on} on the records it queues on its own broker. */
    public String localNode() {
        return journal.id();
    }

    /**
     * Claims up to {@code limit} waiting rows of {@code table} whose journal belongs to no live node (or that name no
     * journal), or that were queued before {@code now - requeueAfter}: each claimed row is stamped with this node's
     * journal and the current time. The caller queues the returned ids on this node's broker.
     */
    public List<String> takeOver(WaitingTable table, Duration requeueAfter, int limit) {
        Set<String> live = new LinkedHashSet<>(List.of(journal.id()));
        cluster.getCluster().getMembers().stream().map(member -> member.getAttribute(BrokerJournal.ATTRIBUTE))
                .filter(Objects::nonNull).forEach(live::add);
        Timestamp now = Timestamp.from(clock.instant());
        Timestamp stale = Timestamp.from(clock.instant().minus(requeueAfter));
        String liveList = String.join(", ", Collections.nCopies(live.size(), "?"));
        List<Object> args = new ArrayList<>(live);
        args.add(stale);
        List<Candidate> candidates = jdbc.query("select " + table.idColumn() + ", queued_on, queued_at from "
                        + table.table() + " where " + table.waiting() + " and (queued_on is null or queued_on not in ("
                        + liveList + ") or queued_at is null or queued_at < ?) order by queued_at fetch first " + limit
                        + " rows only",
                (rs, row) -> new Candidate(rs.getString(1), rs.getString(2), rs.getTimestamp(3)), args.toArray());
        String me = localNode();
        List<String> claimed = new ArrayList<>();
        for (Candidate c : candidates) {
            List<Object> claim = new ArrayList<>(List.of(me, now, c.id()));
            String sameHolder = c.queuedOn() == null ? "queued_on is null" : "queued_on = ?";
            if (c.queuedOn() != null) {
                claim.add(c.queuedOn());
            }
            String sameTime = c.queuedAt() == null ? "queued_at is null" : "queued_at = ?";
            if (c.queuedAt() != null) {
                claim.add(c.queuedAt());
            }
            int updated = jdbc.update("update " + table.table() + " set queued_on = ?, queued_at = ? where "
                    + table.idColumn() + " = ? and " + table.waiting() + " and " + sameHolder + " and " + sameTime,
                    claim.toArray());
            if (updated == 1) {
                claimed.add(c.id());
            }
        }
        return claimed;
    }

    private record Candidate(String id, String queuedOn, Timestamp queuedAt) {
    }
}
