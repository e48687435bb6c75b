package cn.smedt.hub;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextCustomizerFactories;
import org.springframework.test.context.TestExecutionListeners;

/**
 * A hub integration test: the class runs against one hub node ({@link HubNode}: its own database, H2 or PostgreSQL
 * by {@code -Dhub.test.database}, data dir, broker and cluster; free loopback ports; the partners of
 * {@link TestPartners}), started as a {@code @SpringBootTest} on a random port. Inject {@code @LocalServerPort},
 * {@code JdbcTemplate} or any bean as usual. The node's own settings of the class (a receiver's URL, shorter retries,
 * a qualification, an extra partner) go in a static {@link Settings} method:
 *
 * <pre>{@code
 * @HubIT
 * class DeliveryOutageIT {
 *     static final WireMockServer RECEIVERS = ...;
 *
 *     @HubIT.Settings
 *     static void node(HubNode node) {
 *         RECEIVERS.start();
 *         node.set("hub.delivery.government-url", RECEIVERS.baseUrl() + "/gov/decisions")
 *                 .partner(BANK_ZZ, "webhook-url", RECEIVERS.baseUrl() + "/bank-zz/webhook");
 *     }
 * }
 * }</pre>
 *
 * <p><b>Shared or clean node.</b> By default a class gets a clean node of its own, closed when the class is done (so
 * its background work, schedulers and retries, no longer takes the CPU of the classes after it). Classes that name
 * the same {@link #shares} group run on one node, started once (Spring's context cache): they must not need a clean
 * node, i.e. no setting of their own, no absolute count of a table another class of the group writes, no record
 * another class of the group stores differently (each uses its own USCCs or checks for its own rows), no change of
 * state that others read. The group today:
 * <ul>
 *   <li>{@code partner-api}: GatewayIT (refusals, and registrations of USCCs no other class of the group uses),
 *       CloudAdoptionIT (its own enterprises, checked by USCC; the only class of the group storing cloud adoption),
 *       RefusalExposureIT (its own enterprises, registered once and checked by USCC; every write and batch line it
 *       sends is refused, so it stores no cloud adoption; its batch jobs are read by job id) and OutboxIT (outbox rows
 *       of its own kind of event and endpoint, deleted after each test).</li>
 * </ul>
 * Every other hub IT keeps a clean node, for one of these reasons: settings of its own (a receiver's URL, retry
 * timings, MQTT port, pack directory, qualifications, extra partners); absolute counts of shared tables or records
 * another class stores differently: {@code AuditLogIT} counts and tampers with the audit
 * chain, {@code GatewayFuzzIT} expects no batch job and registers the pilot 91410000170001401D that GatewayIT stores
 * in another county, {@code LoanBatchIT} and {@code PolicyApiIT} register USCCs that GatewayIT registers in other
 * regions (PolicyApiIT also changes the LPR table that loan tests read); a test configuration bean
 * ({@code AuditedWriteTransactionIT}, {@code MqttTelemetryIT}); it stops its database ({@code DatabaseOutageIT}); or
 * it starts nodes by hand with {@link HubNodes}: {@code DeviceStateRestartIT} (restarts one), {@code TwoNodeCapIT},
 * {@code TwoNodeConsentIT}, {@code PartnerRegistryIT} and {@code FederationIT} (several nodes).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextCustomizerFactories(HubITContexts.class)
@TestExecutionListeners(listeners = HubITContexts.CloseCleanNode.class,
        mergeMode = TestExecutionListeners.MergeMode.MERGE_WITH_DEFAULTS)
public @interface HubIT {

    /** The group of classes sharing one node; empty (the default): a clean node of the class's own. */
    String shares() default "";

    /**
     * Marks a static method taking a {@link HubNode}: it adds the class's settings to its node before the node
     * starts (superclass methods first). Only for a class with a node of its own.
     */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @interface Settings {
    }
}
