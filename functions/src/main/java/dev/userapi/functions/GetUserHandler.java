package dev.userapi.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;

import java.util.Map;

/** {@code GET /users/{id}}: 200 with the user, 404 if there is none. */
public final class GetUserHandler extends ApiHandler {

    public GetUserHandler() {
        this(System.getenv());
    }

    public GetUserHandler(Map<String, String> environment) {
        super(environment);
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent request) {
        String id = Requests.pathId(request);
        return users.find(id)
                .map(user -> Responses.user(200, user))
                .orElseThrow(() -> ApiException.notFound("no user with id \"" + id + "\""));
    }

    @Override
    protected void primeDynamoDb() {
        users.find(UserRepository.PRIMING_ID);
    }
}
