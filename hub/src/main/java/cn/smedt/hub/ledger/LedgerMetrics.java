package cn.smedt.hub.ledger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@value #GRANTED}{@code {kind}}: the yuan granted so far, summed over the ledger's accounts of each kind (the
 * policy's cap it counts against: an enterprise's interest subsidy, a project's subsidy, ...), and
 * {@value #ACCOUNTS}{@code {kind}}: the number of those accounts; read from the database every
 * {@code hub.metrics.ledger-refresh} (default 30 s). Every node of a cluster reports the same figures (one database):
 * aggregate them with {@code max}, not {@code sum}. A gauge is a floating-point number: the figures are for watching,
 * the exact amounts are the ledger's (docs/metrics.md).
 */
@Component
class LedgerMetrics {

    static final String GRANTED = "hub.ledger.granted";
    static final String ACCOUNTS = "hub.ledger.accounts";

    private final JdbcTemplate jdbc;
    private final MultiGauge granted;
    private final MultiGauge accounts;

    LedgerMetrics(JdbcTemplate jdbc, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.granted = MultiGauge.builder(GRANTED).baseUnit("yuan")
                .description("Subsidies granted so far, by ledger account kind").register(registry);
        this.accounts = MultiGauge.builder(ACCOUNTS)
                .description("Ledger accounts (enterprises, projects, ...) by kind").register(registry);
    }

    @Scheduled(initialDelayString = "${hub.metrics.ledger-refresh:PT1S}",
            fixedDelayString = "${hub.metrics.ledger-refresh:PT30S}")
    void refresh() {
        List<MultiGauge.Row<?>> sums = new ArrayList<>();
        List<MultiGauge.Row<?>> counts = new ArrayList<>();
        jdbc.query("select kind, sum(granted), count(*) from ledger_account group by kind", row -> {
            Tags kind = Tags.of("kind", row.getString(1));
            BigDecimal sum = row.getBigDecimal(2);
            sums.add(MultiGauge.Row.of(kind, sum == null ? 0 : sum.doubleValue()));
            counts.add(MultiGauge.Row.of(kind, row.getLong(3)));
        });
        granted.register(sums, true);
        accounts.register(counts, true);
    }
}
