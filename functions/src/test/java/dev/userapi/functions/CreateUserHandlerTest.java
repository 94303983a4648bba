package dev.userapi.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;

import static dev.userapi.functions.ResponseAssertions.assertError;
import static dev.userapi.functions.ResponseAssertions.assertUser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(LocalDynamoDb.Extension.class)
class CreateUserHandlerTest {

    private static LocalDynamoDb dynamoDb;
    private static String table;
    private static CreateUserHandler handler;

    @BeforeAll
    static void start(LocalDynamoDb localDynamoDb) {
        dynamoDb = localDynamoDb;
        table = dynamoDb.createUsersTable();
        handler = new CreateUserHandler(dynamoDb.environment(table));
    }

    @AfterAll
    static void stop() {
        handler.close();
    }

    private static APIGatewayProxyResponseEvent post(String body) {
        return handler.handleRequest(ApiEvents.createUser(body), ApiEvents.context());
    }

    @Test
    void createsTheUserAndAnswers201WithIt() {
        APIGatewayProxyResponseEvent response = post("{\"id\":\"1\",\"name\":\"John Doe\"}");

        assertUser(response, 201, "1", "John Doe");
        // Stored as plain string attributes, exactly these two.
        assertEquals(Map.of("id", AttributeValue.fromS("1"), "name", AttributeValue.fromS("John Doe")),
                dynamoDb.item(table, "1"));
    }

    @Test
    void anExistingIdIs409AndTheStoredUserIsNotOverwritten() {
        assertUser(post("{\"id\":\"taken\",\"name\":\"First Owner\"}"), 201, "taken", "First Owner");

        String message = assertError(post("{\"id\":\"taken\",\"name\":\"Second Owner\"}"), 409);

        assertTrue(message.contains("taken"), message);
        assertEquals("First Owner", dynamoDb.item(table, "taken").get("name").s());
    }

    @Test
    void acceptsTheLongestIdAndNameAndAnyUnicodeName() {
        String id = "A-z_0".repeat(12) + "abcd";
        // 256 code points, 512 UTF-16 units: the limit counts characters, not units.
        String name = "\uD83D\uDE00".repeat(256);

        assertUser(post("{\"id\":\"" + id + "\",\"name\":\"" + name + "\"}"), 201, id, name);
        assertEquals(name, dynamoDb.item(table, id).get("name").s());
    }

    @Test
    void fieldOrderAndWhitespaceDoNotMatter() {
        assertUser(post("\n  { \"name\" : \"Ada Lovelace\" ,\n \"id\" : \"ada\" }\n"), 201, "ada", "Ada Lovelace");
    }

    @Test
    void decodesBase64EncodedBodies() {
        String body = "{\"id\":\"b64\",\"name\":\"Zoë Çelik\"}";
        String encoded = Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8));

        APIGatewayProxyResponseEvent response = handler.handleRequest(ApiEvents.createUserBase64(encoded), ApiEvents.context());

        assertUser(response, 201, "b64", "Zoë Çelik");
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("not JSON", "hello", "not valid JSON"),
                Arguments.of("truncated JSON", "{\"id\":\"1\",\"name\":\"x\"", "not valid JSON"),
                Arguments.of("single quotes", "{'id':'1','name':'x'}", "not valid JSON"),
                Arguments.of("trailing comma", "{\"id\":\"1\",\"name\":\"x\",}", "not valid JSON"),
                Arguments.of("an array", "[{\"id\":\"1\",\"name\":\"x\"}]", "must be a JSON object"),
                Arguments.of("a string", "\"John\"", "must be a JSON object"),
                Arguments.of("a number", "42", "must be a JSON object"),
                Arguments.of("null", "null", "must be a JSON object"),
                Arguments.of("whitespace only", "   ", "must be a JSON object"),
                Arguments.of("content after the object", "{\"id\":\"1\",\"name\":\"x\"} {}", "content after the JSON object"),
                Arguments.of("missing id", "{\"name\":\"x\"}", "field \"id\" is required"),
                Arguments.of("missing name", "{\"id\":\"1\"}", "field \"name\" is required"),
                Arguments.of("empty object", "{}", "field \"id\" is required"),
                Arguments.of("empty id", "{\"id\":\"\",\"name\":\"x\"}", "field \"id\" must not be empty"),
                Arguments.of("empty name", "{\"id\":\"1\",\"name\":\"\"}", "field \"name\" must not be empty"),
                Arguments.of("blank name", "{\"id\":\"1\",\"name\":\" \\t \"}", "field \"name\" must not be empty"),
                Arguments.of("numeric id", "{\"id\":1,\"name\":\"x\"}", "field \"id\" must be a string, not a number"),
                Arguments.of("boolean id", "{\"id\":true,\"name\":\"x\"}", "field \"id\" must be a string, not a boolean"),
                Arguments.of("null id", "{\"id\":null,\"name\":\"x\"}", "field \"id\" must be a string, not null"),
                Arguments.of("object name", "{\"id\":\"1\",\"name\":{\"first\":\"x\"}}", "field \"name\" must be a string, not an object"),
                Arguments.of("array name", "{\"id\":\"1\",\"name\":[\"x\"]}", "field \"name\" must be a string, not an array"),
                Arguments.of("unknown field", "{\"id\":\"1\",\"name\":\"x\",\"email\":\"x@example.com\"}", "unknown field \"email\""),
                Arguments.of("misspelt field", "{\"id\":\"1\",\"nmae\":\"x\"}", "unknown field \"nmae\""),
                Arguments.of("duplicate id", "{\"id\":\"1\",\"id\":\"2\",\"name\":\"x\"}", "field \"id\" appears more than once"),
                Arguments.of("id with a space", "{\"id\":\"a b\",\"name\":\"x\"}", "field \"id\" must be 1 to 64 characters"),
                Arguments.of("id with a slash", "{\"id\":\"a/b\",\"name\":\"x\"}", "field \"id\" must be 1 to 64 characters"),
                Arguments.of("id with a non-ASCII letter", "{\"id\":\"é\",\"name\":\"x\"}", "field \"id\" must be 1 to 64 characters"),
                Arguments.of("id of 65 characters", "{\"id\":\"" + "a".repeat(65) + "\",\"name\":\"x\"}", "field \"id\" must be 1 to 64 characters"),
                Arguments.of("name of 257 characters", "{\"id\":\"1\",\"name\":\"" + "n".repeat(257) + "\"}", "field \"name\" is 257 characters long; the limit is 256"),
                Arguments.of("unpaired surrogate in name", "{\"id\":\"1\",\"name\":\"\\ud800x\"}", "unpaired UTF-16 surrogate"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void refusesBadBodiesWith400SayingWhatIsWrong(String what, String body, String expected) {
        String message = assertError(post(body), 400);

        assertTrue(message.contains(expected), () -> what + ": \"" + message + "\" should contain \"" + expected + "\"");
    }

    @Test
    void aBadJsonMessageNamesLineAndColumnWithoutParserInternals() {
        String message = assertError(post("{\n\"id\": \"1\",\n\"name\": x}"), 400);

        assertTrue(message.startsWith("the request body is not valid JSON (line 3, column"), message);
        assertTrue(!message.contains("Source") && !message.contains("REDACTED"), message);
    }

    @Test
    void refusesBadBodiesWithoutStoringAnything() {
        assertError(post("{\"id\":\"never-stored\",\"name\":\"" + "n".repeat(300) + "\"}"), 400);

        assertTrue(dynamoDb.item(table, "never-stored").isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "missing"})
    void anEmptyOrMissingBodyIs400(String body) {
        String message = assertError(post(body.equals("missing") ? null : body), 400);

        assertTrue(message.contains("request body is empty"), message);
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String name = "n".repeat(Requests.MAX_BODY_BYTES);

        String message = assertError(post("{\"id\":\"big\",\"name\":\"" + name + "\"}"), 413);

        assertTrue(message.contains(Requests.MAX_BODY_BYTES + " bytes"), message);
    }

    @Test
    void theLimitCountsUtf8BytesNotCharacters() {
        // 6000 three-byte characters: 6,000 chars but 18,000 bytes.
        String message = assertError(post("{\"id\":\"wide\",\"name\":\"" + "€".repeat(6000) + "\"}"), 413);

        assertTrue(message.contains("larger than"), message);
    }

    @Test
    void aBodyAtTheLimitIsParsed() {
        String json = "{\"id\":\"padded\",\"name\":\"Padded\"}";
        String body = json + " ".repeat(Requests.MAX_BODY_BYTES - json.length());

        assertUser(post(body), 201, "padded", "Padded");
    }

    @Test
    void aBase64BodyOverTheLimitIs413() {
        byte[] big = ("{\"id\":\"big64\",\"name\":\"" + "n".repeat(Requests.MAX_BODY_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8);

        APIGatewayProxyResponseEvent response = handler.handleRequest(
                ApiEvents.createUserBase64(Base64.getEncoder().encodeToString(big)), ApiEvents.context());

        assertError(response, 413);
    }

    @Test
    void invalidBase64Is400() {
        APIGatewayProxyResponseEvent response = handler.handleRequest(
                ApiEvents.createUserBase64("{not base64}"), ApiEvents.context());

        assertTrue(assertError(response, 400).contains("not valid base64"));
    }

    @Test
    void base64OfInvalidUtf8Is400() {
        byte[] latin1 = "{\"id\":\"x\",\"name\":\"Zo\u00eb\"}".getBytes(StandardCharsets.ISO_8859_1);

        APIGatewayProxyResponseEvent response = handler.handleRequest(
                ApiEvents.createUserBase64(Base64.getEncoder().encodeToString(latin1)), ApiEvents.context());

        assertTrue(assertError(response, 400).contains("not valid UTF-8"));
    }

    @Test
    void anEventWithoutAnythingIs400NotAServerError() {
        assertError(handler.handleRequest(null, null), 400);
        assertError(handler.handleRequest(new com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent(), null), 400);
    }
}
