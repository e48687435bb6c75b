package cn.smedt.hub.policyapi;

import cn.smedt.api.model.LprPublication;
import cn.smedt.hub.kernel.ApiReply;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.PartnerOperation;
import cn.smedt.hub.kernel.PartnerRequest;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import cn.smedt.hub.policy.CurrentLprTable;
import cn.smedt.hub.policy.InvalidAmountException;
import cn.smedt.hub.policy.LprEntry;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import cn.smedt.hub.storage.RaceFreeWrites;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * LPR publications added by the operator (operations publishLpr, getLprTable). Each is stored in the database,
 * applied to this node's {@link CurrentLprTable} and announced on a Hazelcast topic so every node of the cluster
 * applies it too; at start-up a node applies all stored publications over the packs' lpr.yaml.
 */
@Component
public class LprPublications {

    static final String TOPIC = "lpr-publications";
    private static final Logger LOG = LoggerFactory.getLogger(LprPublications.class);

    private final JdbcTemplate jdbc;
    private final CurrentLprTable table;
    private final ITopic<String> topic;
    private final RaceFreeWrites writes;
    private final Clock clock;

    LprPublications(JdbcTemplate jdbc, CurrentLprTable table, HazelcastInstance hazelcast, RaceFreeWrites writes,
                    Clock clock) {
        this.jdbc = jdbc;
        this.writes = writes;
        this.table = table;
        this.clock = clock;
        this.topic = hazelcast.getTopic(TOPIC);
        stored().forEach(table::addEntry);
        topic.addMessageListener(message -> applyStored(LocalDate.parse(message.getMessageObject())));
    }

    /** Stores and applies one publication; answers the table after the change. */
    @Transactional
    @PartnerOperation("publishLpr")
    public ApiReply publish(PartnerRequest request) {
        LprPublication body = request.body(LprPublication.class);
        Partner operator = request.partner();
        LprEntry entry = entryOf(body);
        Date effectiveFrom = Date.valueOf(entry.effectiveFrom());
        String source = body.getSource();
        Timestamp now = Timestamp.from(clock.instant());
        // a correction replaces the publication of the same date; two concurrent ones: the last to commit stays
        writes.upsert(() -> jdbc.update("update lpr_publication set one_year = ?, five_year = ?, source = ?,"
                        + " published_by = ?, published_at = ? where effective_from = ?", entry.oneYear(),
                        entry.fiveYear(), source, operator.id(), now, effectiveFrom),
                () -> jdbc.update("insert into lpr_publication (effective_from, one_year, five_year, source,"
                        + " published_by, published_at) values (?, ?, ?, ?, ?, ?)", effectiveFrom, entry.oneYear(),
                        entry.fiveYear(), source, operator.id(), now));
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                table.addEntry(entry);
                topic.publish(entry.effectiveFrom().toString());
            }
        });
        LOG.info("LPR publication {} (1y {}, 5y {}) by {}", entry.effectiveFrom(), entry.oneYear(),
                entry.fiveYear(), operator.id());
        return ApiReply.created(view(table.current().withEntry(entry).entries()));
    }

    /** The table in use on this node. */
    @PartnerOperation("getLprTable")
    public ApiReply table(PartnerRequest request) {
        return ApiReply.ok(view(table.current().entries()));
    }

    private void applyStored(LocalDate effectiveFrom) {
        stored().stream().filter(e -> e.effectiveFrom().equals(effectiveFrom)).forEach(table::addEntry);
    }

    private List<LprEntry> stored() {
        return jdbc.query("select effective_from, one_year, five_year from lpr_publication order by effective_from",
                (rs, i) -> new LprEntry(rs.getDate(1).toLocalDate(), rs.getBigDecimal(2).stripTrailingZeros(),
                        rs.getBigDecimal(3).stripTrailingZeros()));
    }

    private static LprEntry entryOf(LprPublication body) {
        BigDecimal oneYear = new BigDecimal(body.getOneYear());
        BigDecimal fiveYear = new BigDecimal(body.getFiveYear());
        try {
            return new LprEntry(body.getEffectiveFrom(), oneYear, fiveYear);
        } catch (InvalidAmountException e) {
            String pointer = e.getMessage().startsWith("fiveYear") ? "/fiveYear" : "/oneYear";
            throw ProblemException.field(ProblemCode.VALIDATION_FAILED, pointer, e.getMessage());
        }
    }

    private static List<Map<String, String>> view(List<LprEntry> entries) {
        return entries.stream().map(entry -> {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("effectiveFrom", entry.effectiveFrom().toString());
            row.put("oneYear", percent(entry.oneYear()));
            row.put("fiveYear", percent(entry.fiveYear()));
            return row;
        }).toList();
    }

    /**
     * A rate as published (at least 2 decimals, "2.90", up to the 4 stored), the same whatever scale the database
     * or the pack file gave it.
     */
    private static String percent(BigDecimal rate) {
        BigDecimal stripped = rate.stripTrailingZeros();
        return stripped.setScale(Math.max(2, stripped.scale())).toPlainString();
    }
}
