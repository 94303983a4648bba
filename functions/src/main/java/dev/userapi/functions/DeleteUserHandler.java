package dev.userapi.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;

import java.util.Map;

/** {@code DELETE /users/{id}}: 204 once deleted, 404 if there was no such user. */
public final class DeleteUserHandler extends ApiHandler {

    public DeleteUserHandler() {
        this(System.getenv());
    }

    public DeleteUserHandler(Map<String, String> environment) {
        super(environment);
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent request) {
        String id = Requests.pathId(request);
        if (!users.deleteIfPresent(id)) {
            throw ApiException.notFound("no user with id \"" + id + "\"");
        }
        return Responses.noContent();
    }

    @Override
    protected void primeDynamoDb() {
        users.deleteIfPresent(UserRepository.PRIMING_ID);
    }
}
