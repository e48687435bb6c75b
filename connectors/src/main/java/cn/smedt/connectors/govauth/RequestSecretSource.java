package cn.smedt.connectors.govauth;

/** Where IRS request secrets come from (the gateway's token endpoint, or a fixed one in tests). */
@FunctionalInterface
public interface RequestSecretSource {

    /** A fresh request secret. */
    RequestSecret fetch();
}
