package cn.smedt.security.signature;

/** Verifies signatures with one public key. Implementations are thread-safe; malformed input gives false. */
public interface MessageVerifier {

    SignatureAlgorithm algorithm();

    boolean verify(byte[] data, byte[] signature);
}
