package dev.userapi.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;

import java.util.Map;

/** {@code POST /users}: 201 with the user, 409 if the id is taken (the stored user is kept). */
public final class CreateUserHandler extends ApiHandler {

    public CreateUserHandler() {
        this(System.getenv());
    }

    public CreateUserHandler(Map<String, String> environment) {
        super(environment);
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent request) {
        User user = Json.readNewUser(Requests.body(request));
        if (!users.createIfAbsent(user)) {
            throw ApiException.conflict("a user with id \"" + user.id() + "\" already exists");
        }
        return Responses.user(201, user);
    }

    @Override
    protected void primeDynamoDb() {
        users.primePut();
    }
}
