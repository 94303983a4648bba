package dev.userapi.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static dev.userapi.functions.ResponseAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A fault on our side is a 500 that names the request id and nothing else; the log has the detail. */
@ExtendWith(LocalDynamoDb.Extension.class)
class ServerFaultTest {

    @Test
    void aMissingTableIs500WithTheRequestIdAndNoInternals(LocalDynamoDb dynamoDb) {
        Map<String, String> environment = dynamoDb.environment("no-such-table");
        ApiEvents.TestContext context = ApiEvents.context();
        try (CreateUserHandler handler = new CreateUserHandler(environment);
             CapturedOutput output = new CapturedOutput()) {

            APIGatewayProxyResponseEvent response = handler.handleRequest(
                    ApiEvents.createUser("{\"id\":\"1\",\"name\":\"Secret Name\"}"), context);

            String message = assertError(response, 500);
            assertEquals("internal error; request id " + context.awsRequestId(), message);
            assertFalse(message.contains("no-such-table"), message);
            String log = output.text();
            assertTrue(log.contains("ResourceNotFoundException"), "the log has the cause: " + log);
            assertTrue(log.contains(context.awsRequestId()), log);
            assertFalse(log.contains("Secret Name"), "never the body: " + log);
        }
    }

    @Test
    void anUnreachableEndpointIs500NotAHang(LocalDynamoDb dynamoDb) throws Exception {
        Map<String, String> environment = dynamoDb.environment("users");
        environment.put("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:" + LocalDynamoDb.freePort());
        APIGatewayProxyRequestEvent event = ApiEvents.getUser("1");
        try (GetUserHandler handler = new GetUserHandler(environment)) {

            long started = System.nanoTime();
            String message = assertError(handler.handleRequest(event, null), 500);

            assertTrue((System.nanoTime() - started) / 1_000_000 < DynamoDb.API_CALL_TIMEOUT.toMillis() + 2_000);
            // Without a Lambda context the API Gateway request id is the one to quote.
            assertEquals("internal error; request id " + event.getRequestContext().getRequestId(), message);
        }
    }
}
