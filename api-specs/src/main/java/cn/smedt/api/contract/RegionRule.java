package cn.smedt.api.contract;

/**
 * Where the region an operation acts in is read from ({@code x-region} of the operation); exactly one is set.
 *
 * @param regionPointer         JSON pointer to a region code in the request body ({@code pointer:})
 * @param enterpriseUsccPointer JSON pointer to the USCC of a registered enterprise whose county counts
 *                              ({@code enterpriseOf:})
 * @param recordIdParam         name of a path parameter holding a hub record id that carries the region of its
 *                              record, two letters then the 6-digit region code, e.g. {@code LN410183...}
 *                              ({@code recordId:})
 * @param enterpriseUsccParam   name of a path parameter holding the USCC of an enterprise ({@code enterpriseIn:})
 */
public record RegionRule(String regionPointer, String enterpriseUsccPointer, String recordIdParam,
                         String enterpriseUsccParam) {

    /** A rule read from the request body. */
    public RegionRule(String regionPointer, String enterpriseUsccPointer) {
        this(regionPointer, enterpriseUsccPointer, null, null);
    }
}
