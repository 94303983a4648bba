package dev.userapi.pipeline.local;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the local gateway answers: a status, headers in order (a name may repeat) and the body bytes. */
public record GatewayResponse(int status, List<Map.Entry<String, String>> headers, byte[] body) {

    public GatewayResponse {
        headers = List.copyOf(headers);
    }

    /**
     * One of API Gateway's own answers, with its JSON body and the {@code x-amzn-ErrorType} header it
     * sends, e.g. 403 {@code {"message":"Missing Authentication Token"}}.
     */
    static GatewayResponse gatewayError(int status, String body, String errorType) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Content-Type", "application/json"));
        headers.add(Map.entry("x-amzn-ErrorType", errorType));
        return new GatewayResponse(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /** No integration answered: a route that does not exist, or a method not defined on the resource. */
    static GatewayResponse missingAuthenticationToken() {
        return gatewayError(403, "{\"message\":\"Missing Authentication Token\"}", "MissingAuthenticationTokenException");
    }

    /** The gateway could not invoke the function at all, e.g. the resource policy does not allow it. */
    static GatewayResponse internalServerError() {
        return gatewayError(500, "{\"message\": \"Internal server error\"}", "InternalServerErrorException");
    }

    /** The function failed, timed out or returned something that is not a proxy response. */
    static GatewayResponse badGateway() {
        return gatewayError(502, "{\"message\": \"Internal server error\"}", "InternalServerErrorException");
    }

    /** The function ran longer than the gateway waits (29 seconds for a REST API). */
    static GatewayResponse endpointTimeout() {
        return gatewayError(504, "{\"message\": \"Endpoint request timed out\"}", "InternalServerErrorException");
    }

    /** The body is over API Gateway's 10 MB payload quota. */
    static GatewayResponse requestTooLong() {
        return gatewayError(413, "{\"message\":\"Request Too Long\"}", "RequestTooLongException");
    }

    public String header(String name) {
        String value = null;
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                value = h.getValue();
            }
        }
        return value;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
