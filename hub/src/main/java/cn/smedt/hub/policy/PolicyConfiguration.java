package cn.smedt.hub.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring wiring of the policy package: the packs (classpath, overridden by {@code hub.packs.dir}), the LPR table
 * (classpath {@code packs/lpr.yaml}, overridden by {@code <hub.packs.dir>/lpr.yaml} when present), and the two
 * stateless calculators. A broken pack stops the node at start-up with the file and field named.
 */
@Configuration(proxyBeanMethods = false)
public class PolicyConfiguration {

    @Bean
    PolicyPacks policyPacks(@Value("${hub.packs.dir:}") String packsDir) {
        return PolicyPacks.load(PolicyConfiguration.class.getClassLoader(),
                packsDir == null || packsDir.isBlank() ? null : Path.of(packsDir));
    }

    @Bean
    CurrentLprTable currentLprTable(@Value("${hub.packs.dir:}") String packsDir) {
        if (packsDir != null && !packsDir.isBlank()) {
            Path file = Path.of(packsDir).resolve("lpr.yaml");
            if (Files.isRegularFile(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    return new CurrentLprTable(LprTable.read(in, file.toString()));
                } catch (IOException e) {
                    throw new PolicyDefinitionException(file.toString(), "", "cannot be read", e);
                }
            }
        }
        return new CurrentLprTable(LprTable.fromClasspath(PolicyConfiguration.class.getClassLoader()));
    }

    @Bean
    PolicyEngine policyEngine() {
        return new PolicyEngine();
    }

    @Bean
    InterestSubsidyCalculator interestSubsidyCalculator() {
        return new InterestSubsidyCalculator();
    }
}
