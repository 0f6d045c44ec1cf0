package io.sessionkeeper.adapter.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Requests that Jetty refuses before Javalin sees them (malformed percent-encoding, a URI or headers too long, a
 * NUL in the path, a request line it cannot read) get the API's error shape too, instead of Jetty's HTML page, and
 * whatever the status and the method: Jetty's own handler writes a body for GET, POST and HEAD only.
 */
final class JettyErrors extends ErrorHandler {
    private final Json json;

    JettyErrors(Json json) {
        this.json = json;
    }

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body(code)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status));
    }

    private byte[] body(int status) {
        String reason = HttpStatus.getMessage(status);
        return json.write(ErrorJson.Body.of(ErrorJson.codeFor(status), "the HTTP request was refused: " + reason))
                .getBytes(StandardCharsets.UTF_8);
    }
}
