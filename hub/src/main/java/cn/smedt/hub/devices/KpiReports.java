package cn.smedt.hub.devices;

import cn.smedt.hub.enterprises.EnterpriseRegistry;
import cn.smedt.hub.kernel.HubRequestSigner;
import cn.smedt.hub.kernel.Partner;
import cn.smedt.hub.kernel.PartnerRegistry;
import cn.smedt.hub.kernel.PartnerType;
import cn.smedt.hub.regions.RegionDirectory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Forwards device KPIs to the industrial internet platforms: every {@code hub.devices.report-interval} (PT5M), for
 * each partner of type PLATFORM with a webhook URL, one report per enterprise in its regions whose devices reported
 * within the KPI window. Reports go through the durable queue {@value #QUEUE} (broker redelivery, then the dead-letter
 * queue) as signed POSTs with {@code Idempotency-Key = reportId}; the report id names the enterprise and the interval
 * slot, and a cluster-wide Hazelcast map plans each one once, so nodes of a cluster do not send it twice.
 */
@Component
public class KpiReports {

    static final String QUEUE = "jms:queue:devices.kpi-reports";
    static final String PARTNER = "hubKpiPartner";
    static final String REPORT_ID = "hubKpiReportId";
    static final String URL = "hubKpiUrl";
    static final String PLANNED_MAP = "device-kpi-reports-planned";
    private static final Logger LOG = LoggerFactory.getLogger(KpiReports.class);

    private final DeviceKpis kpis;
    private final PartnerRegistry partners;
    private final EnterpriseRegistry enterprises;
    private final RegionDirectory regions;
    private final JdbcTemplate jdbc;
    private final HubRequestSigner signer;
    private final ProducerTemplate template;
    private final IMap<String, Boolean> planned;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration interval;

    KpiReports(DeviceKpis kpis, PartnerRegistry partners, EnterpriseRegistry enterprises, RegionDirectory regions,
               JdbcTemplate jdbc, HubRequestSigner signer, ProducerTemplate template, HazelcastInstance hazelcast,
               ObjectMapper json, Clock clock, @Value("${hub.devices.report-interval:PT5M}") Duration interval) {
        this.kpis = kpis;
        this.partners = partners;
        this.enterprises = enterprises;
        this.regions = regions;
        this.jdbc = jdbc;
        this.signer = signer;
        this.template = template;
        this.planned = hazelcast.getMap(PLANNED_MAP);
        this.json = json;
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
            if (platform.webhookUrl() == null || platform.webhookUrl().isBlank()) {
                continue;
            }
            for (String uscc : reporting) {
                boolean inRegion = enterprises.find(uscc)
                        .filter(e -> regions.withinAny(e.regionCode(), platform.regions())).isPresent();
                String reportId = "kpi-" + uscc + "-" + slot;
                if (inRegion && planned.putIfAbsent(platform.id() + "/" + reportId, Boolean.TRUE,
                        interval.toMillis() * 4, TimeUnit.MILLISECONDS) == null) {
                    template.sendBodyAndHeaders(QUEUE, uscc, Map.of(PARTNER, platform.id(), REPORT_ID, reportId));
                    count++;
                }
            }
        }
        if (count > 0) {
            LOG.info("device KPI reports planned: {}", count);
        }
        return count;
    }

    /** Builds the signed POST of one report (KPIs computed now) into the exchange. */
    public void prepare(Exchange exchange, @ExchangeProperty(PARTNER) String partnerId,
                        @ExchangeProperty(REPORT_ID) String reportId) throws JsonProcessingException {
        String uscc = exchange.getMessage().getBody(String.class);
        Partner platform = partners.partner(partnerId).orElseThrow(() -> new DeviceSetupException(
                "partner " + partnerId + " of a planned KPI report is no longer configured", null));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("eventType", "device-kpis");
        report.put("reportId", reportId);
        report.putAll(kpis.kpis(uscc));
        byte[] body = json.writeValueAsBytes(report);
        String url = platform.webhookUrl();
        var message = exchange.getMessage();
        message.removeHeaders("*");
        signer.sign("POST", URI.create(url), "application/json", body).forEach(message::setHeader);
        message.setHeader("Idempotency-Key", reportId);
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setBody(body);
        exchange.setProperty(URL, url);
    }
}
