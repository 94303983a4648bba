package dev.userapi.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks every response shares: the status, a JSON content type, and a flat JSON object body. */
final class ResponseAssertions {

    private static final JsonFactory JSON = new JsonFactory();

    private ResponseAssertions() {
    }

    /** The body as a flat map of string fields, after checking the status and content type. */
    static Map<String, String> assertJson(APIGatewayProxyResponseEvent response, int status) {
        assertEquals(status, response.getStatusCode(), () -> "status; body: " + response.getBody());
        assertJsonContentType(response);
        assertNotNull(response.getBody(), "a " + status + " response has a body");
        return parseFlatObject(response.getBody());
    }

    /** The error message of a {@code {"error": "..."}} response with this status. */
    static String assertError(APIGatewayProxyResponseEvent response, int status) {
        Map<String, String> body = assertJson(response, status);
        assertEquals(java.util.Set.of("error"), body.keySet(), () -> "error shape: " + response.getBody());
        String message = body.get("error");
        assertFalse(message.isBlank(), "an error says what is wrong");
        assertFalse(message.contains("\tat ") || message.contains("Exception"), () -> "no internals: " + message);
        return message;
    }

    static void assertUser(APIGatewayProxyResponseEvent response, int status, String id, String name) {
        assertEquals(Map.of("id", id, "name", name), assertJson(response, status));
    }

    static void assertJsonContentType(APIGatewayProxyResponseEvent response) {
        assertNotNull(response.getHeaders(), "headers");
        assertEquals("application/json", response.getHeaders().get("Content-Type"));
    }

    /** Parses {@code {"k": "v", ...}}; fails on anything else, such as DynamoDB's typed {@code {"S": ...}} maps. */
    static Map<String, String> parseFlatObject(String json) {
        Map<String, String> fields = new LinkedHashMap<>();
        try (JsonParser parser = JSON.createParser(json)) {
            assertEquals(JsonToken.START_OBJECT, parser.nextToken(), () -> "a JSON object: " + json);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                assertEquals(JsonToken.VALUE_STRING, parser.nextToken(), () -> "string field " + name + " in " + json);
                assertTrue(fields.put(name, parser.getText()) == null, () -> "duplicate " + name + " in " + json);
            }
            assertEquals(null, parser.nextToken(), () -> "nothing after the object: " + json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
        return fields;
    }
}
