package cn.smedt.api.contract;

/**
 * One way a request breaks its contract.
 *
 * @param code    stable code: media-type-unsupported, json-malformed, json-too-deep, field-required,
 *                field-unknown, field-type, field-format, field-pattern, field-enum, field-range, field-length,
 *                path-parameter-invalid, query-parameter-invalid, query-parameter-unknown
 * @param pointer RFC 6901 JSON pointer into the body ("" for the whole body), or {@code #/path/<name>} for a
 *                path parameter, {@code #/query/<name>} for a query parameter
 * @param detail  a sentence for the partner's developer
 */
public record Violation(String code, String pointer, String detail) {
}
