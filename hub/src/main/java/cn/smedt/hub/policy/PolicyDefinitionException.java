package cn.smedt.hub.policy;

/**
 * A policy, pack or LPR file that cannot be used: unreadable YAML, an unknown key, a missing or malformed field,
 * overlapping brackets, an undefined parameter. The message names the file and the field path
 * and, when known, the line (e.g. {@code henan/zhengzhou/policy.yaml: rules[1].brackets[0].rate: ... (line 42)}; the
 * line is where the field's mapping starts).
 */
public class PolicyDefinitionException extends PolicyException {

    private static final long serialVersionUID = 1L;

    /** Where the definition came from (classpath or file path). */
    private final String file;
    /** Path of the offending field inside the document, e.g. {@code rules[2].caps.total}; empty for the whole file. */
    private final String field;

    public PolicyDefinitionException(String file, String field, String problem) {
        super(file + ": " + (field == null || field.isEmpty() ? "" : field + ": ") + problem);
        this.file = file;
        this.field = field == null ? "" : field;
    }

    public PolicyDefinitionException(String file, String field, String problem, Throwable cause) {
        super(file + ": " + (field == null || field.isEmpty() ? "" : field + ": ") + problem, cause);
        this.file = file;
        this.field = field == null ? "" : field;
    }

    /** A pack file that does not bind ({@code PackYaml}): same file, field and problem (with its line). */
    public PolicyDefinitionException(cn.smedt.hub.packs.PackDefinitionException cause) {
        this(cause.file(), cause.field(), cause.problem(), cause);
    }

    /** File (or resource) the definition came from. */
    public String file() {
        return file;
    }

    /** Field path inside the document, empty when the problem concerns the whole file. */
    public String field() {
        return field;
    }
}
