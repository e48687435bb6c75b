package cn.smedt.api.contract;

/**
 * Where the region an operation acts in is read from ({@code x-region} of the operation); exactly one is set.
 *
 * @param regionPointer         JSON pointer to a region code in the request body ({@code pointer:})
 * @param enterpriseUsccPointer JSON pointer to the USCC of a registered enterprise whose county counts
 *                              ({@code enterpriseOf:})
 */
public record RegionRule(String regionPointer, String enterpriseUsccPointer) {
}
