package dev.userapi.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

import static dev.userapi.functions.ResponseAssertions.assertError;
import static dev.userapi.functions.ResponseAssertions.assertJsonContentType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(LocalDynamoDb.Extension.class)
class DeleteUserHandlerTest {

    private static LocalDynamoDb dynamoDb;
    private static String table;
    private static DeleteUserHandler handler;

    @BeforeAll
    static void start(LocalDynamoDb localDynamoDb) {
        dynamoDb = localDynamoDb;
        table = dynamoDb.createUsersTable();
        handler = new DeleteUserHandler(dynamoDb.environment(table));
    }

    @AfterAll
    static void stop() {
        handler.close();
    }

    @Test
    void deletesAndAnswers204WithoutABody() {
        dynamoDb.client().putItem(b -> b.tableName(table)
                .item(Map.of("id", AttributeValue.fromS("7"), "name", AttributeValue.fromS("Alan Turing"))));

        APIGatewayProxyResponseEvent response = handler.handleRequest(ApiEvents.deleteUser("7"), ApiEvents.context());

        assertEquals(204, response.getStatusCode());
        assertNull(response.getBody());
        assertJsonContentType(response);
        assertTrue(dynamoDb.item(table, "7").isEmpty());
    }

    @Test
    void deletingAnAbsentUserIs404AndDeletingTwiceToo() {
        dynamoDb.client().putItem(b -> b.tableName(table)
                .item(Map.of("id", AttributeValue.fromS("once"), "name", AttributeValue.fromS("Once"))));
        assertEquals(204, handler.handleRequest(ApiEvents.deleteUser("once"), ApiEvents.context()).getStatusCode());

        assertError(handler.handleRequest(ApiEvents.deleteUser("once"), ApiEvents.context()), 404);
        assertError(handler.handleRequest(ApiEvents.deleteUser("never-there"), ApiEvents.context()), 404);
    }

    @Test
    void aMalformedOrMissingIdIs400() {
        assertError(handler.handleRequest(ApiEvents.deleteUser("no spaces"), ApiEvents.context()), 400);
        assertError(handler.handleRequest(ApiEvents.deleteUser(null), ApiEvents.context()), 400);
    }
}
