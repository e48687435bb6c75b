package cn.smedt.hub.kernel;

import java.util.Optional;

/** Where a registered enterprise belongs; lets the gateway check regions of records that name only a USCC. */
public interface EnterpriseRegionLookup {

    /** The county-level region code of the enterprise, empty when it is not registered. */
    Optional<String> regionOf(String uscc);
}
