package dev.userapi.functions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static dev.userapi.functions.ResponseAssertions.assertError;
import static dev.userapi.functions.ResponseAssertions.assertUser;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The README's walk-through, through the three handlers on one table. */
@ExtendWith(LocalDynamoDb.Extension.class)
class UserApiFlowTest {

    @Test
    void createReadConflictDeleteRead(LocalDynamoDb dynamoDb) {
        Map<String, String> environment = dynamoDb.environment(dynamoDb.createUsersTable());
        try (CreateUserHandler create = new CreateUserHandler(environment);
             GetUserHandler get = new GetUserHandler(environment);
             DeleteUserHandler delete = new DeleteUserHandler(environment)) {

            assertUser(create.handleRequest(ApiEvents.createUser("{\"id\":\"1\",\"name\":\"John Doe\"}"), ApiEvents.context()),
                    201, "1", "John Doe");
            assertUser(get.handleRequest(ApiEvents.getUser("1"), ApiEvents.context()), 200, "1", "John Doe");

            assertError(create.handleRequest(ApiEvents.createUser("{\"id\":\"1\",\"name\":\"Jane Roe\"}"), ApiEvents.context()), 409);
            assertUser(get.handleRequest(ApiEvents.getUser("1"), ApiEvents.context()), 200, "1", "John Doe");

            assertEquals(204, delete.handleRequest(ApiEvents.deleteUser("1"), ApiEvents.context()).getStatusCode());
            assertError(get.handleRequest(ApiEvents.getUser("1"), ApiEvents.context()), 404);

            // The id is free again.
            assertUser(create.handleRequest(ApiEvents.createUser("{\"id\":\"1\",\"name\":\"Jane Roe\"}"), ApiEvents.context()),
                    201, "1", "Jane Roe");
        }
    }
}
