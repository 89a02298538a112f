package dev.berth.registry.http;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's own error answers, to requests it refuses before any filter sees them (a path with a
 * malformed escape, an encoded slash, a character a URL cannot hold), in the spec's error format
 * on the registry's paths, and on requests too broken to tell their path. Other paths keep Tomcat's
 * page, without its report or server version. Every path's answer is nosniff.
 */
public final class OciErrorReportValve extends ErrorReportValve {
    public OciErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (!response.isCommitted()) {
            // whatever the path: Tomcat's own page is no type a browser should guess at either
            response.setHeader(ApiHeaders.CONTENT_TYPE_OPTIONS, ApiHeaders.NOSNIFF);
        }
        if (status < 400 || response.getContentWritten() > 0 || !isRegistryRequest(request)) {
            super.report(request, response, throwable);
            return;
        }
        if (!response.setErrorReported()) {
            return;
        }
        boolean clientMistake = status < 500;
        String body = "{\"errors\":[{\"code\":\"" + (clientMistake ? "UNSUPPORTED" : status == 503 ? "UNAVAILABLE" : "UNKNOWN")
                + "\",\"message\":\"" + (clientMistake ? "the request cannot be read as sent" : "the registry failed to handle the request")
                + "\"}]}";
        try {
            response.setContentType(ApiHeaders.JSON);
            ErrorDocuments.headers().forEach((name, values) -> response.setHeader(name, values.getFirst()));
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response is already on its way: nothing more to tell
        }
    }

    private static boolean isRegistryRequest(Request request) {
        String uri = request.getRequestURI();
        if (uri == null || uri.isEmpty()) {
            return true;
        }
        String context = request.getContextPath() == null ? "" : request.getContextPath();
        return RegistryPaths.contains(uri.startsWith(context) ? uri.substring(context.length()) : uri);
    }
}
