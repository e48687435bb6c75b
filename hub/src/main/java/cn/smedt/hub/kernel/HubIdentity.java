package cn.smedt.hub.kernel;

import cn.smedt.hub.node.HubNodeProperties;
import cn.smedt.security.keys.KeyStores;
import cn.smedt.security.keys.PemKeys;
import cn.smedt.security.signature.MessageSigner;
import cn.smedt.security.signature.SignatureAlgorithm;
import cn.smedt.security.signature.Signers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The hub's key pair and its signer. */
@Component
public class HubIdentity {

    private static final Logger LOG = LoggerFactory.getLogger(HubIdentity.class);

    private final String keyId;
    private final SignatureAlgorithm algorithm;
    private final PublicKey publicKey;
    private final MessageSigner signer;

    HubIdentity(HubIdentityProperties props, HubNodeProperties node) {
        this.algorithm = SignatureAlgorithm.fromToken(props.algorithm()).orElseThrow(() ->
                new PartnerConfigurationException("hub.identity.algorithm: unknown " + props.algorithm()));
        this.keyId = props.keyId() == null || props.keyId().isBlank() ? "hub-" + node.name() : props.keyId();
        KeyPair pair = load(props, node.dataDir().resolve("keys"));
        this.publicKey = pair.getPublic();
        this.signer = Signers.create(algorithm, pair.getPrivate(), keyId);
    }

    private KeyPair load(HubIdentityProperties props, Path keyDir) {
        if (props.pkcs12() != null) {
            char[] password = props.pkcs12Password() == null ? new char[0] : props.pkcs12Password().toCharArray();
            return KeyStores.loadPkcs12(props.pkcs12(), password, props.pkcs12Alias());
        }
        if (props.privateKey() != null) {
            if (props.publicKey() == null) {
                throw new PartnerConfigurationException("hub.identity.public-key is required with private-key");
            }
            return new KeyPair(PemKeys.readPublicKey(props.publicKey()), PemKeys.readPrivateKey(props.privateKey()));
        }
        if (!props.generateIfMissing()) {
            throw new PartnerConfigurationException(
                    "no hub key: set hub.identity.private-key/public-key or hub.identity.pkcs12");
        }
        return generatedKey(keyDir);
    }

    private KeyPair generatedKey(Path keyDir) {
        Path privateFile = keyDir.resolve("hub-" + algorithm.token() + "-private.pem");
        Path publicFile = keyDir.resolve("hub-" + algorithm.token() + "-public.pem");
        try {
            if (Files.exists(privateFile) && Files.exists(publicFile)) {
                return new KeyPair(PemKeys.readPublicKey(publicFile), PemKeys.readPrivateKey(privateFile));
            }
            Files.createDirectories(keyDir);
            KeyPair pair = PemKeys.generate(algorithm);
            PemKeys.write(privateFile, pair.getPrivate());
            PemKeys.write(publicFile, pair.getPublic());
            LOG.info("generated hub key {} ({}) in {}", keyId, algorithm.token(), keyDir.toAbsolutePath());
            return pair;
        } catch (IOException e) {
            throw new PartnerConfigurationException("cannot create hub key in " + keyDir, e);
        }
    }

    public String keyId() {
        return keyId;
    }

    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public MessageSigner signer() {
        return signer;
    }
}
