package cn.smedt.connectors.opcua;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The client's private key and certificate chain, read from the PKCS#12 key store of a factory configuration. Errors
 * are {@link OpcUaConfigException}s naming the configuration field at fault.
 */
record ClientCredentials(KeyPair keyPair, X509Certificate[] chain) {

    /** Subject alternative name type of a URI (RFC 5280). */
    private static final int SAN_URI = 6;

    X509Certificate certificate() {
        return chain[0];
    }

    /** The application URI in the certificate's subject alternative name, which OPC UA requires to be there. */
    Optional<String> applicationUri() {
        try {
            Collection<List<?>> names = certificate().getSubjectAlternativeNames();
            if (names == null) {
                return Optional.empty();
            }
            for (List<?> name : names) {
                if (name.size() >= 2 && Integer.valueOf(SAN_URI).equals(name.get(0))
                        && name.get(1) instanceof String uri) {
                    return Optional.of(uri);
                }
            }
            return Optional.empty();
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
    }

    static ClientCredentials load(Path keyStore, String password, String alias) {
        if (!Files.isRegularFile(keyStore)) {
            throw new OpcUaConfigException("keyStore", "no such file " + keyStore.toAbsolutePath());
        }
        char[] secret = password == null ? new char[0] : password.toCharArray();
        KeyStore store;
        try (InputStream in = Files.newInputStream(keyStore)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, secret);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new OpcUaConfigException("keyStorePassword", "does not open keyStore " + keyStore
                        + " (wrong password)");
            }
            throw new OpcUaConfigException("keyStore", "cannot read " + keyStore + " as a PKCS#12 file, or the "
                    + "keyStorePassword is wrong (" + e.getMessage() + ")");
        } catch (GeneralSecurityException e) {
            throw new OpcUaConfigException("keyStore", "cannot read " + keyStore + " as a PKCS#12 file ("
                    + e.getMessage() + ")");
        }
        try {
            if (!store.isKeyEntry(alias)) {
                throw new OpcUaConfigException("keyAlias", "keyStore " + keyStore + " has no private key entry '"
                        + alias + "' (entries: " + Collections.list(store.aliases()) + ")");
            }
            Key key = store.getKey(alias, secret);
            Certificate[] chain = store.getCertificateChain(alias);
            if (!(key instanceof PrivateKey privateKey) || chain == null || chain.length == 0
                    || !(chain[0] instanceof X509Certificate)) {
                throw new OpcUaConfigException("keyAlias", "entry '" + alias + "' of keyStore " + keyStore
                        + " is not a private key with an X.509 certificate");
            }
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate certificate : chain) {
                certificates.add((X509Certificate) certificate);
            }
            if (!"RSA".equals(privateKey.getAlgorithm())) {
                throw new OpcUaConfigException("keyAlias", "entry '" + alias + "' of keyStore " + keyStore
                        + " holds a " + privateKey.getAlgorithm() + " key; Basic256Sha256 needs RSA");
            }
            return new ClientCredentials(new KeyPair(certificates.get(0).getPublicKey(), privateKey),
                    certificates.toArray(X509Certificate[]::new));
        } catch (UnrecoverableKeyException e) {
            throw new OpcUaConfigException("keyStorePassword", "does not unlock entry '" + alias + "' of keyStore "
                    + keyStore);
        } catch (GeneralSecurityException e) {
            throw new OpcUaConfigException("keyStore", "cannot read entry '" + alias + "' of " + keyStore + " ("
                    + e.getMessage() + ")");
        }
    }
}
