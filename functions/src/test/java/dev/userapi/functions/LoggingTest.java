package dev.userapi.functions;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every log line is one JSON object carrying the request id; the request body never appears. */
@ExtendWith(LocalDynamoDb.Extension.class)
class LoggingTest {

    private static final JsonFactory JSON = new JsonFactory();

    @Test
    void oneJsonLinePerRequestWithRequestIdStatusAndNoBody(LocalDynamoDb dynamoDb) throws IOException {
        Map<String, String> environment = dynamoDb.environment(dynamoDb.createUsersTable());
        ApiEvents.TestContext created = ApiEvents.context();
        ApiEvents.TestContext conflicted = ApiEvents.context();
        ApiEvents.TestContext refused = ApiEvents.context();
        List<String> lines;
        try (CreateUserHandler handler = new CreateUserHandler(environment);
             CapturedOutput output = new CapturedOutput()) {
            handler.handleRequest(ApiEvents.createUser("{\"id\":\"log-1\",\"name\":\"Ludwig Wittgenstein\"}"), created);
            handler.handleRequest(ApiEvents.createUser("{\"id\":\"log-1\",\"name\":\"Bertrand Russell\"}"), conflicted);
            handler.handleRequest(ApiEvents.createUser("{\"id\":\"log-2\",\"name\":\"Gottlob Frege\",\"x\":1}"), refused);
            lines = output.lines();
        }

        // Every line is JSON: the handlers and the SDK log through the same configuration.
        List<Map<String, String>> records = ours(lines);
        assertEquals(3, records.size(), () -> "one line per request: " + lines);
        assertRecord(records.get(0), created, "201");
        assertRecord(records.get(1), conflicted, "409");
        assertRecord(records.get(2), refused, "400");
        for (String line : lines) {
            for (String fromBody : List.of("Wittgenstein", "Russell", "Frege", "log-1", "log-2")) {
                assertFalse(line.contains(fromBody), () -> "request data in the log: " + line);
            }
        }
    }

    @Test
    void theRequestIdDoesNotLeakIntoLaterLogLines(LocalDynamoDb dynamoDb) throws IOException {
        Map<String, String> environment = dynamoDb.environment(dynamoDb.createUsersTable());
        ApiEvents.TestContext context = ApiEvents.context();
        try (GetUserHandler handler = new GetUserHandler(environment);
             CapturedOutput output = new CapturedOutput()) {
            handler.handleRequest(ApiEvents.getUser("absent"), context);
            org.apache.logging.log4j.LogManager.getLogger(LoggingTest.class).info("after the request");

            List<String> lines = output.lines();
            List<Map<String, String>> records = ours(lines);
            assertEquals(2, records.size(), lines::toString);
            assertEquals(context.awsRequestId(), records.get(0).get("AWSRequestId"));
            assertFalse(records.get(1).containsKey("AWSRequestId"), records.get(1)::toString);
        }
    }

    /** This project's log records, after checking that every captured line is a JSON object. */
    private static List<Map<String, String>> ours(List<String> lines) {
        return lines.stream()
                .map(LoggingTest::parse)
                .filter(record -> record.getOrDefault("logger", "").startsWith("dev.userapi."))
                .toList();
    }

    private static void assertRecord(Map<String, String> record, ApiEvents.TestContext context, String status) {
        assertEquals("INFO", record.get("level"), record::toString);
        assertEquals(context.awsRequestId(), record.get("AWSRequestId"), record::toString);
        assertEquals(status, record.get("status"), record::toString);
        assertEquals("POST /users " + status, record.get("message"), record::toString);
        assertEquals(CreateUserHandler.class.getName(), record.get("logger"), record::toString);
        assertTrue(record.containsKey("timestamp") && record.containsKey("apiGatewayRequestId")
                && record.containsKey("durationMs"), record::toString);
    }

    /** A log line's top-level scalar fields; fails unless the line is exactly one JSON object. */
    private static Map<String, String> parse(String line) {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser parser = JSON.createParser(line)) {
            assertEquals(JsonToken.START_OBJECT, parser.nextToken(), line);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value.isStructStart()) {
                    parser.skipChildren();
                } else {
                    fields.put(name, parser.getText());
                }
            }
            assertEquals(null, parser.nextToken(), line);
        } catch (IOException e) {
            throw new AssertionError("not a JSON log line: " + line, e);
        }
        return fields;
    }
}
