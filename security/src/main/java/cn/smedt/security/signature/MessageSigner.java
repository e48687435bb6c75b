package cn.smedt.security.signature;

/** Signs signature bases with one private key. Implementations are thread-safe. */
public interface MessageSigner {

    SignatureAlgorithm algorithm();

    /** The {@code keyid} parameter value for this key. */
    String keyId();

    /** The signature of the data in the algorithm's HTTP message signature encoding. */
    byte[] sign(byte[] data);
}
