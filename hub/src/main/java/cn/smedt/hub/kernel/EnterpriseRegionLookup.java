package cn.smedt.hub.kernel;

import java.util.Optional;

/** The registered enterprises, as the region rule of the partner API sees them ({@link RecordRegions}). */
public interface EnterpriseRegionLookup {

    /**
     * The enterprise registered under {@code uscc}, empty when there is none; a USCC with a wrong check character
     * is refused first, as such ({@code uscc-invalid} at {@code pointer}).
     */
    Optional<RegisteredEnterprise> registered(String uscc, String pointer);
}
