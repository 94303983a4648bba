package dev.userapi.functions;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Proxy events shaped like the ones API Gateway sends the functions, and a Lambda context. */
final class ApiEvents {

    private ApiEvents() {
    }

    static APIGatewayProxyRequestEvent createUser(String body) {
        return event("POST", "/users", "/users", null)
                .withBody(body)
                .withIsBase64Encoded(false);
    }

    static APIGatewayProxyRequestEvent createUserBase64(String base64Body) {
        return event("POST", "/users", "/users", null)
                .withBody(base64Body)
                .withIsBase64Encoded(true);
    }

    static APIGatewayProxyRequestEvent getUser(String id) {
        return event("GET", "/users/{id}", "/users/" + id, id == null ? null : Map.of("id", id));
    }

    static APIGatewayProxyRequestEvent deleteUser(String id) {
        return event("DELETE", "/users/{id}", "/users/" + id, id == null ? null : Map.of("id", id));
    }

    static APIGatewayProxyRequestEvent event(String method, String resource, String path, Map<String, String> pathParameters) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Accept", "*/*");
        headers.put("Content-Type", "application/json");
        headers.put("Host", "abc123.execute-api.eu-west-1.amazonaws.com");
        headers.put("User-Agent", "curl/8.5.0");
        headers.put("X-Forwarded-Proto", "https");
        Map<String, List<String>> multiValueHeaders = new HashMap<>();
        headers.forEach((name, value) -> multiValueHeaders.put(name, List.of(value)));

        APIGatewayProxyRequestEvent.RequestIdentity identity = new APIGatewayProxyRequestEvent.RequestIdentity()
                .withSourceIp("203.0.113.10")
                .withUserAgent("curl/8.5.0");
        APIGatewayProxyRequestEvent.ProxyRequestContext context = new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withAccountId("222222222222")
                .withApiId("abc123")
                .withStage("v1")
                .withHttpMethod(method)
                .withResourcePath(resource)
                .withPath("/v1" + path)
                .withProtocol("HTTP/1.1")
                .withRequestId(UUID.randomUUID().toString())
                .withIdentity(identity);
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod(method)
                .withResource(resource)
                .withPath(path)
                .withPathParameters(pathParameters)
                .withHeaders(headers)
                .withMultiValueHeaders(multiValueHeaders)
                .withRequestContext(context);
    }

    static TestContext context() {
        return new TestContext(UUID.randomUUID().toString());
    }

    /** The parts of Lambda's context a handler may read; the logger writes where Lambda's would. */
    record TestContext(String awsRequestId) implements Context {

        @Override
        public String getAwsRequestId() {
            return awsRequestId;
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/user-api-dev-create-user";
        }

        @Override
        public String getLogStreamName() {
            return "2026/01/01/[$LATEST]0123456789abcdef";
        }

        @Override
        public String getFunctionName() {
            return "user-api-dev-create-user";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:eu-west-1:222222222222:function:user-api-dev-create-user";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 9_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.out.print(message);
                }

                @Override
                public void log(byte[] message) {
                    System.out.print(new String(message, StandardCharsets.UTF_8));
                }
            };
        }
    }
}
