package cn.smedt.simulators.devices;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;

/**
 * Test helper: a fresh OPC UA client identity (RSA 2048 key pair and self-signed certificate) written as PKCS#12 into
 * a (temporary) directory, the form the connector's {@code keyStore} field reads. The certificate's subject
 * alternative name URI is the client's application URI: the connector uses it as its {@code applicationUri}, and the
 * server refuses a session whose application URI differs from the certificate's.
 */
final class ClientKeyStores {

    private ClientKeyStores() {
    }

    /** A written key store: its file, password, alias and the client certificate (for the server to trust). */
    record ClientKeyStore(Path file, String password, String alias, X509Certificate certificate) {
    }

    static ClientKeyStore create(Path directory, String applicationUri) throws Exception {
        KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        X509Certificate certificate = new SelfSignedCertificateBuilder(keyPair)
                .setCommonName("smedt hub OPC UA client (test)")
                .setOrganization("smedt")
                .setApplicationUri(applicationUri)
                .addDnsName("localhost")
                .addIpAddress("127.0.0.1")
                .build();
        String password = "test-" + Long.toHexString(System.nanoTime());
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("client", keyPair.getPrivate(), password.toCharArray(), new Certificate[] {certificate});
        Files.createDirectories(directory);
        Path file = directory.resolve("client.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return new ClientKeyStore(file, password, "client", certificate);
    }
}
