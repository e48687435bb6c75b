package cn.smedt.hub.packs;

/**
 * A county pack is incomplete or malformed: a missing pack.yaml or mapping.yaml, or a pack file that does not bind
 * ({@link PackYaml}). A file's problem names the file, the field path and, when known, the line
 * ({@code yiwu/mapping.yaml: fields.name: expected a text value (line 4)}).
 */
public class PackDefinitionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The file (or resource) at fault; empty when the problem is not one file's. */
    private final String file;
    /** Field path inside the document, e.g. {@code rules[1].brackets[0].rate}; empty for the whole file. */
    private final String field;
    /** The problem with its line, without file and field. */
    private final String problem;

    public PackDefinitionException(String message) {
        super(message);
        this.file = "";
        this.field = "";
        this.problem = message;
    }

    /**
     * A file's problem.
     *
     * @param line 1-based line the problem was found at; 0 when unknown
     */
    public PackDefinitionException(String file, String field, int line, String problem, Throwable cause) {
        super(file + ": " + (field == null || field.isEmpty() ? "" : field + ": ") + problem + PackYaml.atLine(line),
                cause);
        this.file = file;
        this.field = field == null ? "" : field;
        this.problem = problem + PackYaml.atLine(line);
    }

    /** File (or resource) at fault; empty when the problem is not one file's. */
    public String file() {
        return file;
    }

    /** Field path inside the document, empty when the problem concerns the whole file. */
    public String field() {
        return field;
    }

    /** The problem (with its line when known), without the file and the field. */
    public String problem() {
        return problem;
    }
}
