package cn.smedt.hub;

import cn.smedt.security.keys.PemKeys;
import cn.smedt.security.signature.MessageSigner;
import cn.smedt.security.signature.SignatureAlgorithm;
import cn.smedt.security.signature.Signers;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Partners of the test hub. Their key pairs are generated when the tests start (no private key is committed);
 * {@link #properties()} puts their public keys into the hub's partner registry (every {@link HubNode} has them).
 */
public final class TestPartners {

    /**
     * 郑州 government platform: registers enterprises and service providers in Zhengzhou; the operator's partner for
     * the LPR table.
     */
    public static final TestPartner GOV_ZZ = new TestPartner("gov-zz", "GOVERNMENT", "410100",
            "enterprises:write,enterprises:read,policies:read,lpr:admin,operations:admin,devices:read,devices:admin,progress:read,"
                    + "providers:write,providers:read",
            SignatureAlgorithm.SM2_SM3);
    /** 武汉 government platform, ECDSA keys. */
    public static final TestPartner GOV_WH = new TestPartner("gov-wh", "GOVERNMENT", "420100",
            "enterprises:write,enterprises:read", SignatureAlgorithm.ECDSA_P256_SHA256);
    /** 永康 county platform, Ed25519 keys. */
    public static final TestPartner GOV_YK = new TestPartner("gov-yk", "GOVERNMENT", "330784",
            "enterprises:write,enterprises:read", SignatureAlgorithm.ED25519);
    /** A Zhengzhou bank: may read enterprises and write loans, not register enterprises. */
    public static final TestPartner BANK_ZZ = new TestPartner("bank-zz", "BANK", "410100",
            "enterprises:read,loans:write,loans:read,policies:read", SignatureAlgorithm.SM2_SM3);
    /** A second Zhengzhou bank (ECDSA keys). */
    public static final TestPartner BANK_ZZ2 = new TestPartner("bank-zz2", "BANK", "410100",
            "enterprises:read,loans:write,loans:read", SignatureAlgorithm.ECDSA_P256_SHA256);
    /** A Wuhan bank. */
    public static final TestPartner BANK_WH = new TestPartner("bank-wh", "BANK", "420100",
            "enterprises:read,loans:write,loans:read", SignatureAlgorithm.SM2_SM3);
    /** A partner whose only key expired. */
    public static final TestPartner EXPIRED = new TestPartner("gov-expired", "GOVERNMENT", "410100",
            "enterprises:write", SignatureAlgorithm.SM2_SM3);

    /** A Zhengzhou assessment body (qualification set by the tests that need it: {@link #prefix}). */
    public static final TestPartner ASSESSOR_ZZ = new TestPartner("assessor-zz", "ASSESSOR", "410100",
            "assessments:write,assessments:read,enterprises:read", SignatureAlgorithm.SM2_SM3);
    /** A Wuhan assessment body, ECDSA keys. */
    public static final TestPartner ASSESSOR_WH = new TestPartner("assessor-wh", "ASSESSOR", "420100",
            "assessments:write,assessments:read", SignatureAlgorithm.ECDSA_P256_SHA256);
    /** A Yongkang assessment body, Ed25519 keys. */
    public static final TestPartner ASSESSOR_YK = new TestPartner("assessor-yk", "ASSESSOR", "330784",
            "assessments:write,assessments:read", SignatureAlgorithm.ED25519);
    /** A Zhengzhou assessment body whose qualification has lapsed (set by the tests). */
    public static final TestPartner ASSESSOR_LAPSED = new TestPartner("assessor-lapsed", "ASSESSOR", "410100",
            "assessments:write,assessments:read", SignatureAlgorithm.SM2_SM3);
    /** An industrial internet platform serving Zhengzhou and Yongkang. */
    public static final TestPartner PLATFORM_ZZ = new TestPartner("platform-zz", "PLATFORM", "410100,330784",
            "cloud:write,cloud:read,enterprises:read", SignatureAlgorithm.SM2_SM3);

    /** In registry order: index i is {@code hub.gateway.partners[i]}. */
    public static final List<TestPartner> ALL = List.of(GOV_ZZ, GOV_WH, GOV_YK, BANK_ZZ, EXPIRED, BANK_ZZ2, BANK_WH,
            ASSESSOR_ZZ, ASSESSOR_WH, ASSESSOR_YK, ASSESSOR_LAPSED, PLATFORM_ZZ);

    private TestPartners() {
    }

    /** The partner registry as configuration properties. */
    public static Map<String, String> properties() {
        Map<String, String> props = new LinkedHashMap<>();
        for (TestPartner partner : ALL) {
            put(props, prefix(partner), partner);
        }
        return props;
    }

    /** The registry properties of one partner under {@code prefix}, e.g. {@code hub.gateway.partners[12].}. */
    public static Map<String, String> properties(String prefix, TestPartner partner) {
        Map<String, String> props = new LinkedHashMap<>();
        put(props, prefix, partner);
        return props;
    }

    private static void put(Map<String, String> props, String prefix, TestPartner partner) {
        props.put(prefix + "id", partner.id());
        props.put(prefix + "type", partner.type());
        props.put(prefix + "regions", partner.regions());
        props.put(prefix + "scopes", partner.scopes());
        props.put(prefix + "rate-limit-per-second", "1000");
        props.put(prefix + "keys[0].key-id", partner.keyId());
        props.put(prefix + "keys[0].algorithm", partner.algorithm().token());
        props.put(prefix + "keys[0].public-key-pem", PemKeys.toPem(partner.keys().getPublic()));
        if (partner == EXPIRED) {
            props.put(prefix + "keys[0].not-after", "2020-01-01T00:00:00Z");
        }
    }

    /** A partner with a freshly generated key pair. */
    public record TestPartner(String id, String type, String regions, String scopes, SignatureAlgorithm algorithm,
                              KeyPair keys) {

        TestPartner(String id, String type, String regions, String scopes, SignatureAlgorithm algorithm) {
            this(id, type, regions, scopes, algorithm, PemKeys.generate(algorithm));
        }

        public String keyId() {
            return id + "-key-1";
        }

        public MessageSigner signer() {
            return Signers.create(algorithm, keys.getPrivate(), keyId());
        }

        /** A signer that claims this partner's key id but signs with another key. */
        public MessageSigner impostor() {
            return Signers.create(algorithm, PemKeys.generate(algorithm).getPrivate(), keyId());
        }
    }

    /** The property prefix of a partner, e.g. to add {@code webhook-url}. */
    public static String prefix(TestPartner partner) {
        return "hub.gateway.partners[" + ALL.indexOf(partner) + "].";
    }
}
