package dev.userapi.pipeline.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP request as it reached the local gateway, before routing.
 *
 * @param rawPath  the path as sent, still percent-encoded
 * @param rawQuery the query string as sent, or null
 * @param headers  in arrival order, names in canonical {@code Title-Case} (see {@link #canonicalName})
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
     * {@code content-type} → {@code Content-Type}. API Gateway passes header names in the case the client
     * sent them; the JDK's server does not keep that case, so names are given the case nearly every
     * HTTP/1.1 client uses. Handlers must (and in AWS should anyway) look headers up case-insensitively.
     */
    public static String canonicalName(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return out.toString();
    }

    static List<Map.Entry<String, String>> canonical(Map<String, List<String>> raw) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        raw.forEach((name, values) -> {
            for (String v : values) {
                out.add(Map.entry(canonicalName(name.toLowerCase(Locale.ROOT)), v));
            }
        });
        return out;
    }
}
