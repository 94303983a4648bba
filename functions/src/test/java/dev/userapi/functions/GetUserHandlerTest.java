package dev.userapi.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

import static dev.userapi.functions.ResponseAssertions.assertError;
import static dev.userapi.functions.ResponseAssertions.assertUser;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(LocalDynamoDb.Extension.class)
class GetUserHandlerTest {

    private static LocalDynamoDb dynamoDb;
    private static String table;
    private static GetUserHandler handler;

    @BeforeAll
    static void start(LocalDynamoDb localDynamoDb) {
        dynamoDb = localDynamoDb;
        table = dynamoDb.createUsersTable();
        handler = new GetUserHandler(dynamoDb.environment(table));
    }

    @AfterAll
    static void stop() {
        handler.close();
    }

    private static void store(String id, String name) {
        dynamoDb.client().putItem(b -> b.tableName(table)
                .item(Map.of("id", AttributeValue.fromS(id), "name", AttributeValue.fromS(name))));
    }

    @Test
    void answers200WithThePlainUser() {
        store("42", "Grace Hopper");

        // assertUser parses the body as a flat {"id","name"} object: a typed {"S": ...} map fails it.
        assertUser(handler.handleRequest(ApiEvents.getUser("42"), ApiEvents.context()), 200, "42", "Grace Hopper");
    }

    @Test
    void anAbsentUserIs404() {
        String message = assertError(handler.handleRequest(ApiEvents.getUser("nobody"), ApiEvents.context()), 404);

        assertTrue(message.contains("nobody"), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "a%2Fb", "../etc", "é", "a.b", "x;drop"})
    void aMalformedIdIs400NotAServerError(String id) {
        String message = assertError(handler.handleRequest(ApiEvents.getUser(id), ApiEvents.context()), 400);

        assertTrue(message.contains("1 to 64 characters"), message);
    }

    @Test
    void anIdOverSixtyFourCharactersIs400() {
        assertError(handler.handleRequest(ApiEvents.getUser("a".repeat(65)), ApiEvents.context()), 400);
    }

    @Test
    void aMissingPathParameterIs400() {
        APIGatewayProxyRequestEvent noParameters = ApiEvents.getUser(null);
        APIGatewayProxyRequestEvent otherParameter = ApiEvents.getUser("x").withPathParameters(Map.of("userId", "x"));

        assertTrue(assertError(handler.handleRequest(noParameters, ApiEvents.context()), 400).contains("\"id\" is missing"));
        assertTrue(assertError(handler.handleRequest(otherParameter, ApiEvents.context()), 400).contains("\"id\" is missing"));
    }

    @Test
    void aStoredItemWithoutANameIsAServerFaultNotTheClients() {
        dynamoDb.client().putItem(b -> b.tableName(table).item(Map.of("id", AttributeValue.fromS("broken"))));

        String message = assertError(handler.handleRequest(ApiEvents.getUser("broken"), ApiEvents.context()), 500);

        assertTrue(message.startsWith("internal error"), message);
    }
}
