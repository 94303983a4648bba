package dev.userapi.pipeline.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.ProxyRequestContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.RequestIdentity;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Translates between HTTP and the Lambda proxy integration of a REST API (payload format 1.0), as API
 * Gateway does: the request becomes an {@link APIGatewayProxyRequestEvent} and the function's
 * {@link APIGatewayProxyResponseEvent} becomes the HTTP response.
 *
 * <p>What API Gateway does that is easy to get wrong: {@code headers} and {@code queryStringParameters}
 * keep the last value of a repeated name and the {@code multiValue*} maps keep all; both are null (not
 * empty) when there are none, as are {@code pathParameters} and {@code stageVariables}; query values are
 * decoded, the path and path parameters are not; a body is base64-encoded only when its Content-Type is
 * one of the API's {@code BinaryMediaTypes}; {@code requestContext.path} includes the stage.
 */
public final class ProxyEvents {
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final LocalApp app;

    public ProxyEvents(LocalApp app) {
        this.app = app;
    }

    public APIGatewayProxyRequestEvent request(IncomingRequest req, Router.Match match, String requestId, Instant now) {
        return request(req, match, requestId, now, null);
    }

    /**
     * @param caller who signed the request of an {@code AWS_IAM} method, or null; API Gateway fills
     *               {@code requestContext.identity} with its key, account and user
     */
    public APIGatewayProxyRequestEvent request(IncomingRequest req, Router.Match match, String requestId, Instant now,
                                               LocalApp.LocalCaller caller) {
        APIGatewayProxyRequestEvent e = new APIGatewayProxyRequestEvent();
        e.setResource(match.route().resourcePath());
        e.setPath(req.rawPath());
        e.setHttpMethod(req.method());

        List<Map.Entry<String, String>> headers = new ArrayList<>(req.headers());
        addGatewayHeaders(headers, req, now);
        Map<String, String> single = new LinkedHashMap<>();
        Map<String, List<String>> multi = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : headers) {
            single.put(h.getKey(), h.getValue());
            multi.computeIfAbsent(h.getKey(), k -> new ArrayList<>()).add(h.getValue());
        }
        e.setHeaders(single);
        e.setMultiValueHeaders(multi);

        Map<String, List<String>> query = query(req.rawQuery());
        if (!query.isEmpty()) {
            Map<String, String> last = new LinkedHashMap<>();
            query.forEach((k, v) -> last.put(k, v.getLast()));
            e.setQueryStringParameters(last);
            e.setMultiValueQueryStringParameters(query);
        }
        e.setPathParameters(match.pathParameters().isEmpty() ? null : new LinkedHashMap<>(match.pathParameters()));
        e.setStageVariables(app.api().stageVariables().isEmpty() ? null : new LinkedHashMap<>(app.api().stageVariables()));

        if (req.body().length == 0) {
            e.setBody(null);
            e.setIsBase64Encoded(false);
        } else if (isBinary(req.header("Content-Type"))) {
            e.setBody(Base64.getEncoder().encodeToString(req.body()));
            e.setIsBase64Encoded(true);
        } else {
            e.setBody(new String(req.body(), StandardCharsets.UTF_8));
            e.setIsBase64Encoded(false);
        }
        e.setRequestContext(context(req, match, requestId, now, caller));
        return e;
    }

    private ProxyRequestContext context(IncomingRequest req, Router.Match match, String requestId, Instant now,
                                        LocalApp.LocalCaller caller) {
        ProxyRequestContext c = new ProxyRequestContext();
        c.setAccountId(app.environment().accountId());
        c.setApiId(app.api().id());
        c.setStage(app.api().stageName());
        c.setResourceId(TemplateEvaluator.fakeId(app.api().id() + match.route().resourcePath(), 6));
        c.setResourcePath(match.route().resourcePath());
        c.setHttpMethod(req.method());
        c.setPath("/" + app.api().stageName() + req.rawPath());
        c.setRequestId(requestId);
        c.setExtendedRequestId(Base64.getEncoder().encodeToString(randomBytes(10)));
        c.setRequestTime(REQUEST_TIME.format(now));
        c.setRequestTimeEpoch(now.toEpochMilli());
        c.setProtocol(req.protocol());
        String host = req.header("Host");
        if (host != null) {
            c.setDomainName(host);
            c.setDomainPrefix(host.contains(".") ? host.substring(0, host.indexOf('.')) : host);
        }
        RequestIdentity identity = new RequestIdentity();
        identity.setSourceIp(req.sourceIp());
        identity.setUserAgent(req.header("User-Agent"));
        if (caller != null) {
            // As for an IAM user's signed request: the key, the account, and the user id and ARN.
            identity.setAccessKey(caller.accessKeyId());
            identity.setAccountId(app.environment().accountId());
            identity.setCaller(caller.userId());
            identity.setUser(caller.userId());
            identity.setUserArn(caller.userArn());
        }
        c.setIdentity(identity);
        return c;
    }

    /** The headers API Gateway adds for the integration: the client's address and a trace id. */
    private static void addGatewayHeaders(List<Map.Entry<String, String>> headers, IncomingRequest req, Instant now) {
        String forwarded = req.header("X-Forwarded-For");
        headers.removeIf(h -> h.getKey().equals("X-Forwarded-For") || h.getKey().equals("X-Forwarded-Port")
                || h.getKey().equals("X-Forwarded-Proto"));
        headers.add(Map.entry("X-Forwarded-For", forwarded == null ? req.sourceIp() : forwarded + ", " + req.sourceIp()));
        headers.add(Map.entry("X-Forwarded-Port", String.valueOf(req.localPort())));
        headers.add(Map.entry("X-Forwarded-Proto", "http"));
        if (req.header("X-Amzn-Trace-Id") == null) {
            headers.add(Map.entry("X-Amzn-Trace-Id", traceId(now)));
        }
    }

    /** An X-Ray trace id: {@code Root=1-<epoch seconds, 8 hex>-<96 random bits, 24 hex>}. */
    static String traceId(Instant now) {
        return "Root=1-" + String.format("%08x", now.getEpochSecond()) + "-" + HexFormat.of().formatHex(randomBytes(12));
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    /** Query parameters in order, names and values decoded; a name without '=' has the value "". */
    static Map<String, List<String>> query(String rawQuery) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** Whether a Content-Type (or Accept) value is one of the API's binary media types; wildcards allowed. */
    boolean isBinary(String mediaType) {
        if (mediaType == null || app.api().binaryMediaTypes().isEmpty()) {
            return false;
        }
        String type = mediaType.split("[;,]", 2)[0].strip().toLowerCase(Locale.ROOT);
        for (String pattern : app.api().binaryMediaTypes()) {
            if (ArnPattern.glob(pattern.strip().toLowerCase(Locale.ROOT), type)) {
                return true;
            }
        }
        return false;
    }

    /** Why the function's answer is not a proxy response; API Gateway then answers 502. */
    public static final class MalformedResponse extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedResponse(String message) {
            super(message);
        }
    }

    /**
     * The HTTP response for a function's answer. {@code multiValueHeaders} and {@code headers} are merged
     * (a name in both keeps the multi-value list), Content-Type defaults to application/json as API Gateway
     * sets it, and a base64 body is decoded only when the request's Accept is a binary media type;
     * otherwise the client gets the base64 text, as from API Gateway.
     */
    public GatewayResponse response(Object answer, IncomingRequest req, String requestId, Instant now)
            throws MalformedResponse {
        if (answer == null) {
            throw new MalformedResponse("the function returned null");
        }
        if (!(answer instanceof APIGatewayProxyResponseEvent r)) {
            throw new MalformedResponse("the function returned a " + answer.getClass().getName()
                    + ", not an APIGatewayProxyResponseEvent");
        }
        Integer status = r.getStatusCode();
        if (status == null || status < 100 || status > 599) {
            throw new MalformedResponse("statusCode is " + status + "; a proxy response needs an HTTP status");
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        Map<String, List<String>> multi = r.getMultiValueHeaders() == null ? Map.of() : r.getMultiValueHeaders();
        multi.forEach((k, values) -> {
            if (values != null) {
                values.forEach(v -> headers.add(Map.entry(k, String.valueOf(v))));
            }
        });
        if (r.getHeaders() != null) {
            r.getHeaders().forEach((k, v) -> {
                if (!multi.containsKey(k) && v != null) {
                    headers.add(Map.entry(k, v));
                }
            });
        }
        if (headers.stream().noneMatch(h -> h.getKey().equalsIgnoreCase("Content-Type"))) {
            headers.add(Map.entry("Content-Type", "application/json"));
        }
        headers.add(Map.entry("x-amzn-RequestId", requestId));
        headers.add(Map.entry("X-Amzn-Trace-Id", traceId(now)));
        byte[] body = r.getBody() == null ? new byte[0] : r.getBody().getBytes(StandardCharsets.UTF_8);
        if (Boolean.TRUE.equals(r.getIsBase64Encoded()) && r.getBody() != null && isBinary(req.header("Accept"))) {
            try {
                body = Base64.getDecoder().decode(r.getBody());
            } catch (IllegalArgumentException e) {
                throw new MalformedResponse("isBase64Encoded is true but the body is not base64");
            }
        }
        return new GatewayResponse(status, headers, body);
    }
}
