package cn.smedt.hub.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import cn.smedt.hub.packs.PackProperties;
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
    PolicyPacks policyPacks(PackProperties packs) {
        return PolicyPacks.load(PolicyConfiguration.class.getClassLoader(), packs.directory());
    }

    @Bean
    CurrentLprTable currentLprTable(PackProperties packs) {
        if (packs.directory() != null) {
            Path file = packs.directory().resolve("lpr.yaml");
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
