package cn.smedt.connectors.govauth.irs;

/**
 * Where IRS request secrets come from: the gateway's token endpoint ({@link HttpRequestSecretSource}) or a fixed
 * secret in tests. {@link IrsRequestSecretAuth} caches what it returns, so implementations need not.
 */
@FunctionalInterface
public interface RequestSecretSource {

    /**
     * A fresh request secret.
     *
     * @throws cn.smedt.connectors.govauth.GovAuthException when none can be obtained
     */
    RequestSecret fetch();
}
