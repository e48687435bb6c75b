package cn.smedt.security.keys;

import cn.smedt.security.BouncyCastle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Collections;

/** Loading key pairs from PKCS#12 files (read with Bouncy Castle, so SM2 certificates work). */
public final class KeyStores {

    private KeyStores() {
    }

    /**
     * The private key and its certificate's public key.
     *
     * @param alias the entry; null for the first private key entry
     */
    public static KeyPair loadPkcs12(Path file, char[] password, String alias) {
        KeyStore ks;
        try (InputStream in = Files.newInputStream(file)) {
            ks = KeyStore.getInstance("PKCS12", BouncyCastle.PROVIDER);
            ks.load(in, password);
        } catch (IOException | GeneralSecurityException e) {
            throw new KeyLoadingException("cannot read PKCS#12 file " + file + ": " + e.getMessage(), e);
        }
        try {
            String chosen = alias;
            if (chosen == null) {
                for (String a : Collections.list(ks.aliases())) {
                    if (ks.isKeyEntry(a)) {
                        chosen = a;
                        break;
                    }
                }
                if (chosen == null) {
                    throw new KeyLoadingException("no private key entry in PKCS#12 file " + file);
                }
            }
            Key key = ks.getKey(chosen, password);
            if (!(key instanceof PrivateKey privateKey)) {
                throw new KeyLoadingException("no private key under alias '" + chosen + "' in PKCS#12 file " + file);
            }
            Certificate cert = ks.getCertificate(chosen);
            if (cert == null) {
                throw new KeyLoadingException("no certificate under alias '" + chosen + "' in PKCS#12 file " + file);
            }
            return new KeyPair(cert.getPublicKey(), privateKey);
        } catch (GeneralSecurityException e) {
            throw new KeyLoadingException("cannot read key '" + alias + "' from PKCS#12 file " + file + ": "
                    + e.getMessage(), e);
        }
    }
}
