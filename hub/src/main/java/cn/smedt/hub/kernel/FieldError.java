package cn.smedt.hub.kernel;

/**
 * One thing wrong with a request field.
 *
 * @param code    stable code, e.g. {@code field-required}, {@code uscc-invalid}
 * @param pointer RFC 6901 JSON pointer into the request body ({@code ""} is the whole body)
 * @param detail  human-readable explanation
 */
public record FieldError(String code, String pointer, String detail) {
}
