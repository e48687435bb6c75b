package cn.smedt.security;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one Bouncy Castle provider instance of this module. It is passed explicitly to every
 * {@code getInstance} call, so nothing depends on {@code Security.addProvider} or provider order.
 */
public final class BouncyCastle {

    /** Shared provider; providers are thread-safe. */
    public static final Provider PROVIDER = new BouncyCastleProvider();

    private BouncyCastle() {
    }
}
