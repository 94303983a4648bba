package dev.userapi.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;

import java.util.Map;

/** The API's responses: JSON on every one, errors as {@code {"error": "..."}}. */
final class Responses {

    static final String CONTENT_TYPE = "Content-Type";
    static final String APPLICATION_JSON = "application/json";

    private Responses() {
    }

    static APIGatewayProxyResponseEvent json(int status, String body) {
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(status)
                .withHeaders(Map.of(CONTENT_TYPE, APPLICATION_JSON))
                .withBody(body);
    }

    static APIGatewayProxyResponseEvent user(int status, User user) {
        return json(status, Json.user(user));
    }

    /** 204 carries no body; the content type stays so every response of the API looks alike. */
    static APIGatewayProxyResponseEvent noContent() {
        return json(204, null);
    }

    static APIGatewayProxyResponseEvent error(int status, String message) {
        return json(status, Json.error(message));
    }
}
