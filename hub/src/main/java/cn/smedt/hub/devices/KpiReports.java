package cn.smedt.hub.devices;

import cn.smedt.hub.delivery.Deliveries;
import cn.smedt.hub.delivery.WebhookEvent;
import cn.smedt.hub.enterprises.EnterpriseRegistry;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.PartnerRegistry;
import cn.smedt.hub.kernel.PartnerType;
import cn.smedt.hub.regions.RegionDirectory;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Forwards device KPIs to the industrial internet platforms: every {@code hub.devices.report-interval} (PT5M), for
 * each partner of type PLATFORM with a webhook URL, one report per enterprise in its regions whose devices reported
 * within the KPI window. Reports are planned as deliveries ({@link Deliveries#planOnce}: the hub's one outbox, queue
 * and signed-webhook route, with {@code Idempotency-Key = reportId}); the report id names the enterprise and the
 * interval slot, and the outbox keeps one row per report and platform, so nodes of a cluster do not plan it twice;
 * each run also purges the rows of reports delivered more than {@code hub.devices.report-retention} (P7D) ago.
 * The KPIs are computed when the report is sent ({@link DeviceKpiReport}).
 */
@Component
public class KpiReports implements WebhookEvent {

    static final String TYPE = "device-kpis";
    private static final String PREFIX = "kpi-";
    private static final Logger LOG = LoggerFactory.getLogger(KpiReports.class);

    private final DeviceKpis kpis;
    private final PartnerRegistry partners;
    private final EnterpriseRegistry enterprises;
    private final RegionDirectory regions;
    private final JdbcTemplate jdbc;
    private final Deliveries deliveries;
    private final Clock clock;
    private final Duration interval;
    private final Duration retention;

    /**
     * @param interval  {@code hub.devices.report-interval} (PT5M): how often reports are planned, and the slot of a
     *                  report id
     * @param retention {@code hub.devices.report-retention} (P7D): how long the outbox keeps a report's delivery once
     *                  made (KPI reports are no delivery log: their rows are purged after this; undelivered and
     *                  dead-lettered ones stay); at least twice the interval, so a slot's report is never planned
     *                  again after its row is gone
     */
    KpiReports(DeviceKpis kpis, PartnerRegistry partners, EnterpriseRegistry enterprises, RegionDirectory regions,
               JdbcTemplate jdbc, Deliveries deliveries, Clock clock,
               @Value("${hub.devices.report-interval:PT5M}") Duration interval,
               @Value("${hub.devices.report-retention:P7D}") Duration retention) {
        if (retention.compareTo(interval.multipliedBy(2)) < 0) {
            throw new DeviceSetupException("hub.devices.report-retention (" + retention + ") must be at least twice"
                    + " hub.devices.report-interval (" + interval + ")", null);
        }
        this.retention = retention;
        this.kpis = kpis;
        this.partners = partners;
        this.enterprises = enterprises;
        this.regions = regions;
        this.jdbc = jdbc;
        this.deliveries = deliveries;
        this.clock = clock;
        this.interval = interval;
    }

    /** Plans the reports of the current slot that no node has planned yet; answers how many this call planned. */
    @Scheduled(fixedDelayString = "${hub.devices.report-interval:PT5M}",
            initialDelayString = "${hub.devices.report-initial-delay:PT30S}")
    public int planDue() {
        Instant now = clock.instant();
        long slot = now.toEpochMilli() / interval.toMillis();
        List<String> reporting = jdbc.queryForList("select distinct uscc from device_minute where minute_start >= ?"
                + " order by uscc", String.class, Timestamp.from(now.minus(kpis.window())));
        int count = 0;
        for (Partner platform : partners.partnersOfType(PartnerType.PLATFORM)) {
            for (String uscc : reporting) {
                boolean inRegion = enterprises.find(uscc)
                        .filter(e -> regions.withinAny(e.regionCode(), platform.regions())).isPresent();
                if (inRegion && deliveries.planOnce(TYPE, PREFIX + uscc + "-" + slot, platform.id())) {
                    count++;
                }
            }
        }
        if (count > 0) {
            LOG.info("device KPI reports planned: {}", count);
        }
        int purged = deliveries.purgeDelivered(TYPE, now.minus(retention));
        if (purged > 0) {
            LOG.debug("device KPI report deliveries purged (made more than {} ago): {}", retention, purged);
        }
        return count;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String subject() {
        return "report";
    }

    /** The report {@code kpi-<uscc>-<slot>}: the enterprise's KPIs as of now. */
    @Override
    public DeviceKpiReport payload(String reportId) {
        String uscc = reportId.substring(PREFIX.length(), reportId.lastIndexOf('-'));
        return new DeviceKpiReport(TYPE, reportId, kpis.kpis(uscc));
    }
}
