package dev.userapi.pipeline.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The local API Gateway: routes each HTTP request, checks that the template's Lambda permissions let
 * this API invoke the function, builds the proxy event, calls the function in-process and maps its
 * answer back, answering like API Gateway where API Gateway itself answers (403 for an unknown route or
 * method, 500 when it may not invoke the function, 502 when the function fails or answers garbage).
 * It logs one line per request to stderr (method, path, status, milliseconds, request id), the reason
 * for every gateway error, and never a body.
 *
 * <p>Header names travel in the case the client and the handler used, as through API Gateway (the
 * server is set up not to re-case them); only the framing headers are the server's own.
 */
final class LocalGateway extends Handler.Abstract {
    /** Headers the HTTP server computes for the bytes it actually sends; a handler's values would lie. */
    private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding", "connection");

    /** API Gateway's payload quota. */
    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

    private final Router router;
    private final ProxyEvents events;
    private final InvokePermissions permissions;
    private final IamAuthorization iam;
    private final Map<String, FunctionRuntime> functions;
    private final PrintWriter log;

    LocalGateway(LocalApp app, Map<String, FunctionRuntime> functions, PrintWriter log) {
        this.router = new Router(app.api().resourcePaths(), app.routes());
        this.events = new ProxyEvents(app);
        this.permissions = new InvokePermissions(app);
        this.iam = new IamAuthorization(app);
        this.functions = Map.copyOf(functions);
        this.log = log;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        String requestId = UUID.randomUUID().toString();
        List<String> notes = new ArrayList<>();
        GatewayResponse answer;
        try {
            answer = serve(request, requestId, notes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            notes.add("the server is stopping");
            answer = GatewayResponse.badGateway();
        } catch (RuntimeException | IOException | LinkageError | StackOverflowError e) {
            // Whatever goes wrong here is answered and logged: otherwise the HTTP server would drop the
            // connection without a response, and its own log goes nowhere.
            notes.add("the local gateway failed: " + stackTrace(e));
            answer = GatewayResponse.internalServerError();
        }
        try {
            write(request, response, answer, requestId, callback);
        } finally {
            logLine(log, request.getMethod(), request.getHttpURI().getPath(), answer.status(),
                    (System.nanoTime() - start) / 1_000_000, requestId, notes);
        }
        return true;
    }

    /** The one line each request leaves on the log, after the notes that explain a gateway error. */
    static void logLine(PrintWriter log, String method, String rawPath, int status, long millis, String requestId,
                        List<String> notes) {
        synchronized (log) {
            for (String note : notes) {
                log.println("  " + requestId + " " + note);
            }
            log.println(method + ' ' + rawPath + ' ' + status + ' ' + millis + " ms " + requestId);
            log.flush();
        }
    }

    private GatewayResponse serve(Request request, String requestId, List<String> notes)
            throws IOException, InterruptedException {
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            notes.add("body over API Gateway's 10 MB payload quota");
            return GatewayResponse.requestTooLong();
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (HttpField field : request.getHeaders()) {
            headers.add(Map.entry(field.getName(), field.getValue()));
        }
        IncomingRequest req = new IncomingRequest(request.getMethod(),
                IncomingRequest.gatewayPath(request.getHttpURI().getPath()), request.getHttpURI().getQuery(),
                headers, body, Request.getRemoteAddr(request), Request.getLocalPort(request),
                request.getConnectionMetaData().getProtocol());

        Optional<Router.Match> match = router.match(req.method(), req.rawPath());
        if (match.isEmpty()) {
            return GatewayResponse.missingAuthenticationToken();
        }
        LocalApp.ApiRoute route = match.get().route();
        LocalApp.LocalCaller caller = null;
        if (route.iamAuthorization()) {
            String methodArn = permissions.requestArn(req.method(), req.rawPath());
            switch (iam.check(req, methodArn, Instant.now())) {
                case IamAuthorization.Outcome.Refused refused -> {
                    notes.add(refused.response().status() + " (AWS_IAM): " + refused.reason());
                    return refused.response();
                }
                case IamAuthorization.Outcome.Allowed allowed -> caller = allowed.caller();
            }
        }
        if (route.functionLogicalId() == null) {
            notes.add(route.methodLogicalId() + " cannot run locally: " + route.unsupported());
            return GatewayResponse.internalServerError();
        }
        FunctionRuntime function = functions.get(route.functionLogicalId());
        InvokePermissions.Decision decision = permissions.decide(function.function(), route.qualifier(), req.method(), req.rawPath());
        if (!decision.allowed()) {
            notes.add("Execution failed due to configuration error: Invalid permissions on Lambda function "
                    + route.target() + "; request " + decision.requestArn() + ":");
            decision.reasons().forEach(r -> notes.add("    " + r));
            return GatewayResponse.internalServerError();
        }

        Instant now = Instant.now();
        APIGatewayProxyRequestEvent event = events.request(req, match.get(), requestId, now, caller);
        String traceId = event.getHeaders().get("X-Amzn-Trace-Id");
        FunctionRuntime.Outcome outcome = function.invoke(event, requestId, traceId);
        String name = function.function().logicalId();
        if (outcome.initMillis() >= 0) {
            notes.add(name + " cold start: " + outcome.initMillis() + " ms");
        }
        return switch (outcome.kind()) {
            case RETURNED -> {
                try {
                    yield events.response(outcome.response(), req, requestId, Instant.now());
                } catch (ProxyEvents.MalformedResponse e) {
                    notes.add("Execution failed due to configuration error: Malformed Lambda proxy response from "
                            + name + ": " + e.getMessage());
                    yield GatewayResponse.badGateway();
                }
            }
            case FAILED -> {
                notes.add(name + " failed: " + stackTrace(outcome.error()));
                yield GatewayResponse.badGateway();
            }
            case INIT_FAILED -> {
                notes.add(name + " could not start (init): " + stackTrace(outcome.error()));
                yield GatewayResponse.badGateway();
            }
            case TIMED_OUT -> {
                notes.add(name + ": " + outcome.error().getMessage());
                yield GatewayResponse.badGateway();
            }
            case GATEWAY_TIMED_OUT -> {
                notes.add(name + " did not answer within the gateway's " + FunctionRuntime.GATEWAY_TIMEOUT_MILLIS / 1000 + " s");
                yield GatewayResponse.endpointTimeout();
            }
        };
    }

    private static void write(Request request, Response response, GatewayResponse answer, String requestId,
                              Callback callback) {
        HttpFields.Mutable headers = response.getHeaders();
        for (Map.Entry<String, String> h : answer.headers()) {
            if (!FRAMING.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                // A field without its HttpHeader constant: Jetty writes a known header (Content-Type,
                // Set-Cookie, ...) in its own spelling, an unknown one exactly as named.
                headers.add(new HttpField(null, h.getKey(), h.getValue()));
            }
        }
        if (answer.header("x-amzn-RequestId") == null) {
            headers.add("x-amzn-RequestId", requestId);
        }
        int status = answer.status();
        response.setStatus(status);
        boolean noBody = request.getMethod().equals("HEAD") || status == 204 || status == 304 || status < 200
                || answer.body().length == 0;
        if (noBody) {
            if (!request.getMethod().equals("HEAD")) {
                headers.put("Content-Length", "0");
            }
            response.write(true, null, callback);
        } else {
            headers.put("Content-Length", Integer.toString(answer.body().length));
            response.write(true, ByteBuffer.wrap(answer.body()), callback);
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString().stripTrailing();
    }
}
