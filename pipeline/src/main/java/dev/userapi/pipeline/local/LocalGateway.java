package dev.userapi.pipeline.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The local API Gateway: routes each HTTP request, checks that the template's Lambda permissions let
 * this API invoke the function, builds the proxy event, calls the function in-process and maps its
 * answer back, answering like API Gateway where API Gateway itself answers (403 for an unknown route or
 * method, 500 when it may not invoke the function, 502 when the function fails or answers garbage).
 * It logs one line per request to stderr (method, path, status, milliseconds, request id), the reason
 * for every gateway error, and never a body.
 */
final class LocalGateway implements HttpHandler {
    /** API Gateway's payload quota. */
    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

    private final Router router;
    private final ProxyEvents events;
    private final InvokePermissions permissions;
    private final Map<String, FunctionRuntime> functions;
    private final PrintWriter log;

    LocalGateway(LocalApp app, Map<String, FunctionRuntime> functions, PrintWriter log) {
        this.router = new Router(app.api().resourcePaths(), app.routes());
        this.events = new ProxyEvents(app);
        this.permissions = new InvokePermissions(app);
        this.functions = Map.copyOf(functions);
        this.log = log;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        String requestId = UUID.randomUUID().toString();
        List<String> notes = new ArrayList<>();
        GatewayResponse response;
        try {
            response = serve(exchange, requestId, notes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            notes.add("the server is stopping");
            response = GatewayResponse.badGateway();
        } catch (RuntimeException | IOException e) {
            notes.add("the local gateway failed: " + stackTrace(e));
            response = GatewayResponse.internalServerError();
        }
        try {
            write(exchange, response, requestId);
        } finally {
            long millis = (System.nanoTime() - start) / 1_000_000;
            StringBuilder line = new StringBuilder()
                    .append(exchange.getRequestMethod()).append(' ').append(exchange.getRequestURI().getRawPath())
                    .append(' ').append(response.status()).append(' ').append(millis).append(" ms ").append(requestId);
            synchronized (log) {
                for (String note : notes) {
                    log.println("  " + requestId + " " + note);
                }
                log.println(line);
                log.flush();
            }
        }
    }

    private GatewayResponse serve(HttpExchange exchange, String requestId, List<String> notes)
            throws IOException, InterruptedException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            notes.add("body over API Gateway's 10 MB payload quota");
            return GatewayResponse.requestTooLong();
        }
        URI uri = exchange.getRequestURI();
        IncomingRequest req = new IncomingRequest(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                IncomingRequest.canonical(exchange.getRequestHeaders()), body,
                exchange.getRemoteAddress().getAddress().getHostAddress(), exchange.getLocalAddress().getPort(),
                exchange.getProtocol());

        Optional<Router.Match> match = router.match(req.method(), req.rawPath());
        if (match.isEmpty()) {
            return GatewayResponse.missingAuthenticationToken();
        }
        LocalApp.ApiRoute route = match.get().route();
        if (route.functionLogicalId() == null) {
            notes.add(route.methodLogicalId() + " cannot run locally: " + route.unsupported());
            return GatewayResponse.internalServerError();
        }
        FunctionRuntime function = functions.get(route.functionLogicalId());
        InvokePermissions.Decision decision = permissions.decide(function.function(), req.method(), req.rawPath());
        if (!decision.allowed()) {
            notes.add("Execution failed due to configuration error: Invalid permissions on Lambda function "
                    + function.function().logicalId() + "; request " + decision.requestArn() + ":");
            decision.reasons().forEach(r -> notes.add("    " + r));
            return GatewayResponse.internalServerError();
        }

        Instant now = Instant.now();
        APIGatewayProxyRequestEvent event = events.request(req, match.get(), requestId, now);
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

    private static void write(HttpExchange exchange, GatewayResponse response, String requestId) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        for (Map.Entry<String, String> h : response.headers()) {
            headers.add(h.getKey(), h.getValue());
        }
        if (response.header("x-amzn-RequestId") == null) {
            headers.add("x-amzn-RequestId", requestId);
        }
        int status = response.status();
        boolean noBody = exchange.getRequestMethod().equals("HEAD") || status == 204 || status == 304 || status < 200
                || response.body().length == 0;
        try (exchange) {
            exchange.sendResponseHeaders(status, noBody ? -1 : response.body().length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString().stripTrailing();
    }
}
