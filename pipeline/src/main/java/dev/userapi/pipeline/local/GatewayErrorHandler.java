package dev.userapi.pipeline.local;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * What the HTTP server answers itself, for a request it cannot hand to the gateway at all (a request
 * line or header it cannot parse, a header section over its limit): API Gateway's shape, a JSON
 * {@code {"message": ...}} with {@code x-amzn-ErrorType} and a request id, never the server's HTML page,
 * and the usual request line on the log.
 */
final class GatewayErrorHandler extends ErrorHandler {
    private final PrintWriter log;

    GatewayErrorHandler(PrintWriter log) {
        this.log = log;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 ? response.getStatus() : 400;
        String requestId = UUID.randomUUID().toString();
        String reason = HttpStatus.getMessage(status);
        byte[] body = ("{\"message\":\"" + reason + "\"}").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put("Content-Type", "application/json");
        response.getHeaders().put("x-amzn-ErrorType", status == 400 ? "BadRequestException" : "ClientException");
        response.getHeaders().put("x-amzn-RequestId", requestId);
        response.getHeaders().put("Content-Length", Integer.toString(body.length));
        List<String> notes = new ArrayList<>();
        Object cause = request.getAttribute(ERROR_MESSAGE);
        notes.add("the request could not be read: " + (cause == null ? reason : cause));
        String path = request.getHttpURI() == null ? "?" : request.getHttpURI().getPath();
        LocalGateway.logLine(log, request.getMethod() == null ? "?" : request.getMethod(), path, status, 0, requestId, notes);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
