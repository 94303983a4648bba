package dev.userapi.pipeline.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.userapi.pipeline.local.LocalApp.ApiRoute;
import dev.userapi.pipeline.local.LocalApp.RestApi;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyEventsTest {
    private static final Instant NOW = Instant.parse("2025-04-09T12:34:56.789Z");
    private static final ApiRoute ROUTE = new ApiRoute("GET", "/users/{id}", "GetMethod", "Fn", null, null, 1, false);
    private final ProxyEvents events = new ProxyEvents(new LocalApp(Path.of("t.yaml"), LocalEnvironment.forStack("s"),
            new RestApi("Api", "abc1234567", "v1", Map.of(), List.of("image/*"), List.of("/users/{id}")),
            List.of(ROUTE), Map.of(), List.of(), List.of(), List.of(), List.of()));

    private static IncomingRequest request(String method, String query, byte[] body, List<Map.Entry<String, String>> headers) {
        return new IncomingRequest(method, "/users/a%40b", query, headers, body, "10.0.0.7", 3000, "HTTP/1.1");
    }

    @Test
    void aRequestWithoutQueryOrBodyHasNullsWhereApiGatewayHasNulls() {
        APIGatewayProxyRequestEvent e = events.request(request("GET", null, new byte[0], List.of(Map.entry("Host", "127.0.0.1:3000"))),
                new Router.Match(ROUTE, Map.of("id", "a%40b")), "req-1", NOW);
        assertNull(e.getQueryStringParameters());
        assertNull(e.getMultiValueQueryStringParameters());
        assertNull(e.getStageVariables());
        assertNull(e.getBody());
        assertFalse(e.getIsBase64Encoded());
        assertEquals(Map.of("id", "a%40b"), e.getPathParameters());
        assertEquals("/users/{id}", e.getResource());
        assertEquals("/users/a%40b", e.getPath());
        APIGatewayProxyRequestEvent.ProxyRequestContext c = e.getRequestContext();
        assertEquals("req-1", c.getRequestId());
        assertEquals("09/Apr/2025:12:34:56 +0000", c.getRequestTime());
        assertEquals(NOW.toEpochMilli(), c.getRequestTimeEpoch());
        assertEquals("/v1/users/a%40b", c.getPath());
        assertEquals("abc1234567", c.getApiId());
        assertEquals("123456789012", c.getAccountId());
        assertEquals("10.0.0.7", c.getIdentity().getSourceIp());
        assertEquals("127.0.0.1:3000", c.getDomainName());
        assertEquals("HTTP/1.1", c.getProtocol());
        assertEquals("10.0.0.7", e.getHeaders().get("X-Forwarded-For"));
        assertEquals("3000", e.getHeaders().get("X-Forwarded-Port"));
    }

    @Test
    void repeatedHeadersAndQueryParametersKeepTheLastValueAndAllValues() {
        APIGatewayProxyRequestEvent e = events.request(request("GET", "a=1&a=2&b=x%2By+z",
                        new byte[0], List.of(Map.entry("Accept", "text/plain"), Map.entry("Accept", "application/json"))),
                new Router.Match(ROUTE, Map.of()), "r", NOW);
        assertEquals("application/json", e.getHeaders().get("Accept"));
        assertEquals(List.of("text/plain", "application/json"), e.getMultiValueHeaders().get("Accept"));
        assertEquals("2", e.getQueryStringParameters().get("a"));
        assertEquals(List.of("1", "2"), e.getMultiValueQueryStringParameters().get("a"));
        assertEquals("x+y z", e.getQueryStringParameters().get("b"));
        assertNull(e.getPathParameters(), "no path parameters is null, not empty");
    }

    @Test
    void onlyBinaryMediaTypesAreBase64Encoded() {
        byte[] bytes = {1, 2, (byte) 0xff};
        APIGatewayProxyRequestEvent image = events.request(request("POST", null, bytes, List.of(Map.entry("Content-Type", "image/png"))),
                new Router.Match(ROUTE, Map.of()), "r", NOW);
        assertTrue(image.getIsBase64Encoded());
        assertArrayEquals(bytes, Base64.getDecoder().decode(image.getBody()));
        APIGatewayProxyRequestEvent json = events.request(request("POST", null, "{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8),
                List.of(Map.entry("Content-Type", "application/json; charset=utf-8"))), new Router.Match(ROUTE, Map.of()), "r", NOW);
        assertFalse(json.getIsBase64Encoded());
        assertEquals("{\"a\":\"é\"}", json.getBody());
    }

    @Test
    void theResponseMergesHeadersAndDefaultsToJson() throws Exception {
        APIGatewayProxyResponseEvent r = new APIGatewayProxyResponseEvent().withStatusCode(201).withBody("{}")
                .withHeaders(Map.of("X-One", "h", "X-Both", "single"))
                .withMultiValueHeaders(Map.of("X-Both", List.of("m1", "m2")));
        GatewayResponse g = events.response(r, request("GET", null, new byte[0], List.of()), "req-9", NOW);
        assertEquals(201, g.status());
        assertEquals("application/json", g.header("Content-Type"));
        assertEquals("req-9", g.header("x-amzn-RequestId"));
        assertEquals(List.of("m1", "m2"), g.headers().stream().filter(h -> h.getKey().equals("X-Both")).map(Map.Entry::getValue).toList(),
                "a name in both maps keeps the multi-value list");
        assertEquals("h", g.header("X-One"));
    }

    @Test
    void aBase64BodyIsDecodedOnlyForABinaryAccept() throws Exception {
        APIGatewayProxyResponseEvent r = new APIGatewayProxyResponseEvent().withStatusCode(200)
                .withBody(Base64.getEncoder().encodeToString(new byte[] {9, 8})).withIsBase64Encoded(true);
        GatewayResponse binary = events.response(r, request("GET", null, new byte[0], List.of(Map.entry("Accept", "image/png"))), "r", NOW);
        assertArrayEquals(new byte[] {9, 8}, binary.body());
        GatewayResponse text = events.response(r, request("GET", null, new byte[0], List.of(Map.entry("Accept", "application/json"))), "r", NOW);
        assertEquals(r.getBody(), text.bodyText());
    }

    @Test
    void malformedResponsesAreRefused() {
        IncomingRequest req = request("GET", null, new byte[0], List.of());
        assertThrows(ProxyEvents.MalformedResponse.class, () -> events.response(null, req, "r", NOW));
        assertThrows(ProxyEvents.MalformedResponse.class, () -> events.response(new APIGatewayProxyResponseEvent(), req, "r", NOW));
        assertThrows(ProxyEvents.MalformedResponse.class, () -> events.response(Map.of("statusCode", 200), req, "r", NOW));
    }

    @Test
    void aRunOfSlashesIsRoutedAsOne() {
        assertEquals("/users/1", IncomingRequest.gatewayPath("//users/1"));
        assertEquals("/users/1/", IncomingRequest.gatewayPath("/users///1//"));
        assertEquals("/users/a%2F%2Fb", IncomingRequest.gatewayPath("/users/a%2F%2Fb"), "encoded slashes are data");
        assertEquals("/", IncomingRequest.gatewayPath(""));
    }
}
