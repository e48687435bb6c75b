package cn.smedt.hub.federation;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * This node's place in the province / city / county federation (docs/federation.md). The node's own region is
 * {@code hub.node.region-code}; the same binary runs at every level.
 *
 * @param parent          the node one level up (a city for a county, a province for a city); null at the top.
 *                        This node is configured there as a partner of type HUB with its own region.
 * @param children        the nodes one level down, each owning the records of its region; configured here as
 *                        partners of type HUB (their summaries and refusals come back signed)
 * @param rollupInterval  how often this node sends its region's summary to its parent (PT5M)
 * @param timeout         time allowed for one hub-to-hub call (PT10S)
 */
@ConfigurationProperties(prefix = "hub.federation")
public record FederationProperties(Link parent, List<Link> children, Duration rollupInterval, Duration timeout) {

    public FederationProperties {
        children = children == null ? List.of() : List.copyOf(children);
        rollupInterval = rollupInterval == null ? Duration.ofMinutes(5) : rollupInterval;
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    }

    /**
     * Another hub node.
     *
     * @param hubId  its partner id here (and its hub.node.name there), e.g. {@code hub-410181}
     * @param region the region it owns (GB/T 2260 code); a record of that region or below goes there
     * @param url    its base URL, e.g. {@code https://hub.gongyi.example}; requests are signed for this URL
     */
    public record Link(String hubId, String region, String url) {
    }
}
