package cn.smedt.hub.cluster;

import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded Hazelcast member. We create it ourselves (never through Camel's defaults) so that Java
 * deserialization is restricted to our own and JDK value classes (CVE-2026-43865 class of bugs), discovery is
 * explicit TCP-IP only, nothing binds to all interfaces and nothing phones home.
 */
@Configuration(proxyBeanMethods = false)
class HazelcastConfiguration {

    @Bean(destroyMethod = "shutdown")
    HazelcastInstance hazelcastInstance(ClusterProperties props, List<ClusterMapContributor> contributors) {
        Config config = config(props);
        contributors.forEach(contributor -> contributor.contribute(config));
        return Hazelcast.newHazelcastInstance(config);
    }

    static Config config(ClusterProperties props) {
        Config config = new Config();
        config.setClusterName(props.clusterName());
        config.setInstanceName(props.clusterName() + "-" + Long.toHexString(System.nanoTime()));
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.getJetConfig().setEnabled(false);

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(props.port() == 0 ? freePort(props.bindAddress()) : props.port());
        network.setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface(props.bindAddress());
        network.setPublicAddress(props.bindAddress() + ":" + network.getPort());
        network.getRestApiConfig().setEnabled(false);

        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(props.members().isEmpty()
                ? List.of(props.bindAddress() + ":" + network.getPort())
                : props.members());

        JavaSerializationFilterConfig filter = new JavaSerializationFilterConfig()
                .setDefaultsDisabled(false)
                .setWhitelist(new ClassFilter()
                        .addPrefixes("cn.smedt.")
                        .addClasses("java.lang.String", "java.lang.Long", "java.lang.Integer",
                                "java.lang.Number", "java.math.BigDecimal", "java.math.BigInteger",
                                "java.time.Instant", "java.time.Ser", "java.util.ArrayList",
                                "java.util.HashMap", "java.util.LinkedHashMap", "[B"));
        config.getSerializationConfig().setJavaSerializationFilterConfig(filter);
        return config;
    }

    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new ClusterStartException("no free port on " + host, e);
        }
    }
}
