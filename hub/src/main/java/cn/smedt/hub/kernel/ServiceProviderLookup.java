package cn.smedt.hub.kernel;

/**
 * The service providers of the resource pool (服务商资源池, package providers), as features that name a provider see
 * them (a project's diagnosis and contract): whether one is registered, without depending on the providers feature.
 */
public interface ServiceProviderLookup {

    /** Whether a service provider is registered under {@code uscc}. */
    boolean isRegistered(String uscc);
}
