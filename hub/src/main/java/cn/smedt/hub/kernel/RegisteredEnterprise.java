package cn.smedt.hub.kernel;

/**
 * What the partner API needs to know of a registered enterprise a record names.
 *
 * @param uscc       统一社会信用代码, valid
 * @param regionCode the county it (and all its records) belongs to
 * @param pilot      in the programme's project library (试点/改造企业)
 */
public record RegisteredEnterprise(String uscc, String regionCode, boolean pilot) {
}
