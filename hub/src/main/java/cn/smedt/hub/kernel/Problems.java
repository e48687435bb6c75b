package cn.smedt.hub.kernel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * Renders {@link ProblemException}s as RFC 9457 {@code application/problem+json} documents: the one renderer of
 * problems (gateway refusals, handler refusals and failures, the HTTP layer's refusals). It binds nothing: it builds
 * a JSON tree and writes it, so it needs no ObjectMapper (static: the HTTP layer's valve renders outside Spring).
 */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    /** Base of the {@code type} URIs; each code's page is in docs/errors.md. */
    public static final String TYPE_BASE = "https://smedt-hub.cn/problems/";

    private Problems() {
    }

    public static byte[] render(ProblemException problem, String instance) {
        return render(problem, instance, problem.code().status());
    }

    /** The document with another status than the code's (refusals of the HTTP layer carry Tomcat's). */
    public static byte[] render(ProblemException problem, String instance, int status) {
        ProblemCode code = problem.code();
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("type", TYPE_BASE + code.code());
        doc.put("title", code.title());
        doc.put("status", status);
        doc.put("code", code.code());
        if (problem.getMessage() != null) {
            doc.put("detail", problem.getMessage());
        }
        if (instance != null) {
            doc.put("instance", instance);
        }
        if (!problem.errors().isEmpty()) {
            ArrayNode errors = doc.putArray("errors");
            for (FieldError error : problem.errors()) {
                errors.addObject().put("code", error.code()).put("pointer", error.pointer()).put("detail", error.detail());
            }
        }
        return doc.toString().getBytes(StandardCharsets.UTF_8);
    }
}
