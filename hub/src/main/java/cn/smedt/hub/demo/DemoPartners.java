package cn.smedt.hub.demo;

import cn.smedt.security.keys.PemKeys;
import cn.smedt.simulators.partners.DemoEnterprises;
import cn.smedt.security.signature.SignatureAlgorithm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Profile {@code demo}: the simulated partners (a Zhengzhou government platform, bank, assessment body and industrial
 * platform; the first demo enterprise acting for itself: type ENTERPRISE, bound to its USCC; a Jinhua government
 * platform, so that the imports of the Zhejiang county packs of Jinhua can be read through the API,
 * docs/adding-a-county.md; the operator's partner {@code demo-operator}, which manages the partner registry at run
 * time, docs/partner-registry.md) get key pairs made on first start under {@code <data-dir>/demo-keys/} (never committed)
 * and are added to the partner registry, unless the configuration already names partners.
 */
public class DemoPartners implements EnvironmentPostProcessor {

    /**
     * A simulated partner.
     *
     * @param id     partner id (and key id prefix)
     * @param type   partner type
     * @param scopes granted scopes
     * @param regions its regions
     */
    record Demo(String id, String type, String scopes, String regions) {

        Demo(String id, String type, String scopes) {
            this(id, type, scopes, "410100");
        }

        String keyId() {
            return id + "-key-1";
        }
    }

    static final Demo GOVERNMENT = new Demo("demo-gov-zz", "GOVERNMENT",
            "enterprises:write,enterprises:read,loans:read,devices:read,devices:admin,progress:read,consents:manage,"
                    + "consents:read,providers:write,providers:read,projects:write,projects:read");
    static final Demo BANK = new Demo("demo-bank-zz", "BANK",
            "enterprises:read,loans:write,loans:read,consents:read,consents:fetch");
    /** The first demo enterprise acting for itself: grants and revokes the banks' consents (docs/consent.md). */
    static final Demo ENTERPRISE = new Demo("demo-enterprise-zz", "ENTERPRISE", "consents:manage,consents:read");
    static final Demo ASSESSOR = new Demo("demo-assessor-zz", "ASSESSOR", "enterprises:read,assessments:write,assessments:read");
    static final Demo PLATFORM = new Demo("demo-platform-zz", "PLATFORM", "enterprises:read,cloud:write,cloud:read");
    /** 金华 government platform: reads the enterprises and pack imports of the Jinhua counties (义乌, 永康, 东阳 ..). */
    static final Demo GOVERNMENT_JINHUA = new Demo("demo-gov-jh", "GOVERNMENT",
            "enterprises:write,enterprises:read,progress:read", "330700");
    /**
     * The hub operator's partner (a government partner of the programme office): manages the partner registry at run
     * time (scope partners:admin, docs/partner-registry.md) and reads the audit log.
     */
    static final Demo OPERATOR = new Demo("demo-operator", "GOVERNMENT", "partners:admin,operations:admin");
    static final List<Demo> ALL = List.of(GOVERNMENT, BANK, ASSESSOR, PLATFORM, ENTERPRISE, GOVERNMENT_JINHUA,
            OPERATOR);

    /** The seed of the demo enterprises the simulated government platform registers ({@link DemoTraffic}). */
    static final long DEMO_ENTERPRISES_SEED = 2024L;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if (!Arrays.asList(env.getActiveProfiles()).contains("demo")
                || env.containsProperty("hub.gateway.partners[0].id")) {
            return;
        }
        Path keys = keyDirectory(env);
        Map<String, Object> props = new LinkedHashMap<>();
        for (int i = 0; i < ALL.size(); i++) {
            Demo demo = ALL.get(i);
            KeyPair pair = keyPair(keys, demo);
            String prefix = "hub.gateway.partners[" + i + "].";
            props.put(prefix + "id", demo.id());
            props.put(prefix + "type", demo.type());
            props.put(prefix + "regions", demo.regions());
            props.put(prefix + "scopes", demo.scopes());
            props.put(prefix + "rate-limit-per-second", env.getProperty("hub.demo.rate-limit-per-second", "200"));
            props.put(prefix + "keys[0].key-id", demo.keyId());
            props.put(prefix + "keys[0].algorithm", SignatureAlgorithm.SM2_SM3.token());
            props.put(prefix + "keys[0].public-key-pem", PemKeys.toPem(pair.getPublic()));
            if (demo == ENTERPRISE) {
                props.put(prefix + "uscc", DemoEnterprises.generate(1, DEMO_ENTERPRISES_SEED).get(0).uscc());
            }
            if (demo == ASSESSOR) {
                props.put(prefix + "qualification.certificate", "DEMO-CMA-2024-001");
                props.put(prefix + "qualification.valid-from", "2024-01-01");
                props.put(prefix + "qualification.valid-until", "2027-12-31");
            }
        }
        // first: application.yml says "partners: []", which would otherwise hide these (lists bind from one source)
        env.getPropertySources().addFirst(new MapPropertySource("demoPartners", props));
    }

    static Path keyDirectory(org.springframework.core.env.Environment env) {
        return Path.of(env.getProperty("hub.node.data-dir", "data")).resolve("demo-keys");
    }

    /** The demo partner's key pair, created on first use. */
    static KeyPair keyPair(Path directory, Demo demo) {
        Path privateFile = directory.resolve(demo.id() + "-private.pem");
        Path publicFile = directory.resolve(demo.id() + "-public.pem");
        try {
            if (Files.exists(privateFile) && Files.exists(publicFile)) {
                return new KeyPair(PemKeys.readPublicKey(publicFile), PemKeys.readPrivateKey(privateFile));
            }
            Files.createDirectories(directory);
            KeyPair pair = PemKeys.generate(SignatureAlgorithm.SM2_SM3);
            PemKeys.write(privateFile, pair.getPrivate());
            PemKeys.write(publicFile, pair.getPublic());
            return pair;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create demo keys in " + directory, e);
        }
    }
}
