package cn.smedt.simulators.partners;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A third-party assessment body and an industrial internet platform working through the registered pilot
 * enterprises, one enterprise per tick: the assessor submits a MIIT 2024 assessment (level 1-3, parts adding up to the
 * total) and, for level 2 and above, a PASSED acceptance with its spend; the platform reports the enterprise's cloud
 * adoption (SaaS apps, payment mode, devices connected).
 */
public final class AssessorAndPlatformSimulator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] MODES = {"ONE_OFF", "PER_USE", "PER_OUTCOME"};

    private final HubClient assessor;
    private final HubClient platform;
    private final Supplier<List<DemoEnterprises.Enterprise>> enterprises;
    private final Random random;
    /** Makes this run's assessment and acceptance ids its own, so a restarted demo still sends new records. */
    private final String run;
    private final Set<String> done = new HashSet<>();

    public AssessorAndPlatformSimulator(HubClient assessor, HubClient platform,
                                        Supplier<List<DemoEnterprises.Enterprise>> enterprises, long seed) {
        this.assessor = assessor;
        this.platform = platform;
        this.enterprises = enterprises;
        this.random = new Random(seed);
        this.run = RunLabel.now();
    }

    public void tick() throws IOException, InterruptedException {
        DemoEnterprises.Enterprise next = enterprises.get().stream()
                .filter(e -> e.pilot() && !done.contains(e.uscc())).findFirst().orElse(null);
        if (next == null) {
            return;
        }
        done.add(next.uscc());
        int level = 1 + random.nextInt(3);
        LocalDate assessedOn = LocalDate.of(2025, 1 + random.nextInt(6), 1 + random.nextInt(27));
        int equipment = 6 * level;
        int data = 3 * level;
        int information = 3 * level;
        int security = 2 * level;
        int management = 8 * level;
        int effect = 5 * level;
        ObjectNode scores = JSON.createObjectNode().put("equipmentAndSystems", equipment).put("dataCollection", data)
                .put("informationSystems", information).put("security", security).put("management", management)
                .put("effect", effect).put("total", equipment + data + information + security + management + effect);
        ObjectNode assessment = JSON.createObjectNode()
                .put("assessmentId", "SIM-A-" + next.uscc().substring(8) + "-" + run).put("uscc", next.uscc()).put("assessedOn", assessedOn.toString()).put("indexEdition", "MIIT-2024")
                .put("level", level);
        assessment.set("scores", scores);
        assessor.post("/api/v1/assessments", assessment);
        if (level >= 2) {
            ObjectNode acceptance = JSON.createObjectNode()
                    .put("acceptanceId", "SIM-ACC-" + next.uscc().substring(8) + "-" + run).put("uscc", next.uscc()).put("acceptedOn", assessedOn.plusMonths(2).toString()).put("result", "PASSED");
            ArrayNode spend = acceptance.putArray("spend");
            spend.addObject().put("category", "software").put("amount", amount(200_000, 800_000));
            spend.addObject().put("category", "dataCollectionDevices").put("amount", amount(50_000, 300_000));
            spend.addObject().put("category", "diagnosis").put("amount", amount(10_000, 40_000));
            assessor.post("/api/v1/acceptances", acceptance);
        }
        ObjectNode cloud = JSON.createObjectNode().put("uscc", next.uscc())
                .put("reportedOn", assessedOn.plusMonths(3).toString()).put("paymentMode", MODES[random.nextInt(3)])
                .put("devicesConnected", 5 + random.nextInt(60));
        ArrayNode apps = cloud.putArray("saasApps");
        apps.addObject().put("appId", "mes-cloud").put("name", "云MES");
        apps.addObject().put("appId", "erp-cloud").put("name", "云ERP");
        platform.post("/api/v1/cloud-adoption", cloud);
    }

    private String amount(int min, int max) {
        return BigDecimal.valueOf(min + random.nextInt(max - min)).setScale(2).toPlainString();
    }
}
