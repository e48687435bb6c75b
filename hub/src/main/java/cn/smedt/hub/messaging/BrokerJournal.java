package cn.smedt.hub.messaging;

import cn.smedt.hub.cluster.ClusterMapContributor;
import com.hazelcast.config.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The identity of this node's broker journal, which holds the messages this node relayed from the {@link Outbox}:
 * their rows are stamped with it, and it is published as the Hazelcast member attribute {@value #ATTRIBUTE}, so every
 * node sees whether the journal holding a message belongs to a live node. It is kept in a file in the broker's data
 * directory: a node restarted on the same data directory gets its messages back and keeps its id (its messages are
 * not taken over twice); a broker that is not persistent gets a new id on every start.
 */
@Component
class BrokerJournal implements ClusterMapContributor {

    static final String ATTRIBUTE = "hub-broker-journal";
    private static final String FILE = "hub-journal-id";

    private final String id;

    BrokerJournal(@Value("${spring.artemis.embedded.persistent:false}") boolean persistent,
                  @Value("${spring.artemis.embedded.data-directory:}") String dataDirectory) {
        this.id = persistent && !dataDirectory.isBlank() ? stored(Path.of(dataDirectory).resolve(FILE))
                : UUID.randomUUID().toString();
    }

    String id() {
        return id;
    }

    @Override
    public void contribute(Config config) {
        config.getMemberAttributeConfig().setAttribute(ATTRIBUTE, id);
    }

    private static String stored(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).trim();
            }
            Files.createDirectories(file.getParent());
            String fresh = UUID.randomUUID().toString();
            Path temporary = Files.createTempFile(file.getParent(), FILE, ".tmp");
            Files.writeString(temporary, fresh, StandardCharsets.US_ASCII);
            Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return fresh;
        } catch (IOException e) {
            throw new BrokerConfigurationException("cannot read or create the broker journal id " + file, e);
        }
    }
}
