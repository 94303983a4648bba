package dev.userapi.pipeline.local;

import java.util.List;
import java.util.Map;

/**
 * An HTTP request as it reached the local gateway, before routing.
 *
 * @param rawPath  the path as routed, still percent-encoded (see {@link #gatewayPath})
 * @param rawQuery the query string as sent, or null; never decoded here, so a broken escape such as
 *                 {@code %ZZ} reaches the event as the text it is rather than failing the request
 * @param headers  in arrival order, names in the case the client sent them
 */
public record IncomingRequest(String method, String rawPath, String rawQuery, List<Map.Entry<String, String>> headers,
                              byte[] body, String sourceIp, int localPort, String protocol) {

    public IncomingRequest {
        headers = List.copyOf(headers);
    }

    /** The last value of a header, case-insensitively, or null. */
    public String header(String name) {
        String value = null;
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                value = h.getValue();
            }
        }
        return value;
    }

    /**
     * The path API Gateway routes: a run of slashes counts as one ({@code //users/1} is {@code /users/1}),
     * as API Gateway answers such a request from the route it names rather than with an error.
     */
    public static String gatewayPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        return rawPath.indexOf("//") < 0 ? rawPath : rawPath.replaceAll("/{2,}", "/");
    }
}
