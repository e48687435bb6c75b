package cn.smedt.hub.messaging;

import cn.smedt.hub.node.TlsPolicy;
import cn.smedt.hub.node.TransportConfigurationException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import org.apache.activemq.artemis.core.remoting.impl.netty.TransportConstants;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * The TLS parameters of a broker acceptor from an SSL bundle. Artemis reads key and trust stores from files only: the
 * bundle's stores are written, under a random password of this start, as PKCS#12 files readable by the owner only in
 * {@code <data-dir>/tls/} (rewritten at every start; the source stays the operator's PEM or PKCS#12 files).
 */
final class BrokerTls {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Object> params = new java.util.LinkedHashMap<>();

    BrokerTls(BrokerTlsProperties props, SslBundles bundles, Path dataDir) {
        SslBundle bundle = TlsPolicy.apply(props.bundle(), bundles.getBundle(props.bundle()));
        Path dir = dataDir.resolve("tls");
        String password = randomPassword();
        try {
            Files.createDirectories(dir);
            KeyStore keys = bundle.getStores().getKeyStore();
            if (keys == null) {
                throw new TransportConfigurationException("hub.messaging.tls.bundle '" + props.bundle()
                        + "' has no key store: the broker needs its certificate and private key");
            }
            String keyPassword = bundle.getKey().getPassword();
            String keyStorePassword = bundle.getStores().getKeyStorePassword();
            char[] entryPassword = (keyPassword != null ? keyPassword : keyStorePassword != null ? keyStorePassword : "")
                    .toCharArray();
            params.put(TransportConstants.SSL_ENABLED_PROP_NAME, true);
            params.put(TransportConstants.KEYSTORE_PATH_PROP_NAME, write(copy(keys, entryPassword, password),
                    dir.resolve("broker-keystore.p12"), password).toString());
            params.put(TransportConstants.KEYSTORE_PASSWORD_PROP_NAME, password);
            params.put(TransportConstants.KEYSTORE_TYPE_PROP_NAME, "PKCS12");
            KeyStore trust = bundle.getStores().getTrustStore();
            if (props.clientAuth() != BrokerTlsProperties.ClientAuth.NONE) {
                if (trust == null) {
                    throw new TransportConfigurationException("hub.messaging.tls.client-auth="
                            + props.clientAuth().name().toLowerCase(java.util.Locale.ROOT) + " needs a trust store"
                            + " (the devices' CA) in bundle '" + props.bundle() + "'");
                }
                params.put(TransportConstants.TRUSTSTORE_PATH_PROP_NAME, write(copy(trust, null, password),
                        dir.resolve("broker-truststore.p12"), password).toString());
                params.put(TransportConstants.TRUSTSTORE_PASSWORD_PROP_NAME, password);
                params.put(TransportConstants.TRUSTSTORE_TYPE_PROP_NAME, "PKCS12");
                params.put(props.clientAuth() == BrokerTlsProperties.ClientAuth.NEED
                        ? TransportConstants.NEED_CLIENT_AUTH_PROP_NAME
                        : TransportConstants.WANT_CLIENT_AUTH_PROP_NAME, true);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new TransportConfigurationException("hub.messaging.tls.bundle '" + props.bundle()
                    + "': cannot prepare the broker's key store: " + e.getMessage(), e);
        }
        params.put(TransportConstants.ENABLED_PROTOCOLS_PROP_NAME,
                String.join(",", bundle.getOptions().getEnabledProtocols()));
        params.put(TransportConstants.ENABLED_CIPHER_SUITES_PROP_NAME,
                String.join(",", bundle.getOptions().getCiphers()));
    }

    /** The acceptor parameters (TLS on, stores, protocols, ciphers, client authentication). */
    Map<String, Object> params() {
        return Collections.unmodifiableMap(params);
    }

    /** A PKCS#12 copy of {@code source}: key entries (read with {@code entryPassword}) and certificates. */
    private static KeyStore copy(KeyStore source, char[] entryPassword, String password)
            throws IOException, GeneralSecurityException {
        KeyStore copy = KeyStore.getInstance("PKCS12");
        copy.load(null, null);
        for (String alias : Collections.list(source.aliases())) {
            if (entryPassword != null && source.isKeyEntry(alias)) {
                Key key = source.getKey(alias, entryPassword);
                copy.setKeyEntry(alias, key, password.toCharArray(), source.getCertificateChain(alias));
            } else if (source.isCertificateEntry(alias) || source.getCertificate(alias) != null) {
                copy.setCertificateEntry(alias, source.getCertificate(alias));
            }
        }
        return copy;
    }

    private static Path write(KeyStore store, Path file, String password)
            throws IOException, GeneralSecurityException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file.toAbsolutePath();
    }

    private static String randomPassword() {
        byte[] random = new byte[24];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
