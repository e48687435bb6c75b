package cn.smedt.hub.gateway;

import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import cn.smedt.hub.kernel.Problems;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's error report for requests refused before any filter runs (malformed request line, an encoded '/' or NUL
 * in the path, oversized headers): RFC 9457 problem+json with code {@code request-rejected} instead of an HTML page.
 * Such answers cannot be signed (there is no verified request to bind them to); everything past the HTTP layer is.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    public ProblemErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        ProblemCode code = status >= 500 ? ProblemCode.INTERNAL_ERROR : ProblemCode.REQUEST_REJECTED;
        String detail = status >= 500 ? "the hub could not process the request"
                : "the request was refused by the HTTP layer (status " + status + "): check the request line, the"
                        + " path encoding (no encoded '/' or NUL) and the header sizes";
        String json = new String(Problems.render(new ProblemException(code, detail), null, status),
                StandardCharsets.UTF_8);
        try {
            response.setContentType(Problems.MEDIA_TYPE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(json);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone; nothing more to tell the client
        }
    }
}
