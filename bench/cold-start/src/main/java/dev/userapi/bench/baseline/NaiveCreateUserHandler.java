package dev.userapi.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * BASELINE for bench/cold-start.sh, never deployed: {@code POST /users} written the way most
 * tutorials write a Lambda function, with {@code DynamoDbClient.create()} — the default credentials
 * provider chain, the default region provider chain, and whatever HTTP client the SDK discovers on
 * the class path (Apache, which the {@code dynamodb} module brings by default).
 *
 * <p>It does the same work on the wire as {@code dev.userapi.functions.CreateUserHandler} (one
 * conditional PutItem), logs through the same log4j2 configuration, and validates less, which only
 * favours it in the comparison.
 */
public class NaiveCreateUserHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private static final Logger LOG = LogManager.getLogger(NaiveCreateUserHandler.class);
    private static final DynamoDbClient DYNAMO_DB = DynamoDbClient.create();
    private static final String TABLE_NAME = System.getenv("TABLE_NAME");
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        ThreadContext.put("AWSRequestId", context.getAwsRequestId());
        try {
            String id = null;
            String name = null;
            try (JsonParser parser = JSON.createParser(event.getBody())) {
                parser.nextToken();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    parser.nextToken();
                    if (field.equals("id")) {
                        id = parser.getText();
                    } else if (field.equals("name")) {
                        name = parser.getText();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            int status;
            try {
                DYNAMO_DB.putItem(PutItemRequest.builder()
                        .tableName(TABLE_NAME)
                        .item(Map.of("id", AttributeValue.builder().s(id).build(),
                                "name", AttributeValue.builder().s(name).build()))
                        .conditionExpression("attribute_not_exists(id)")
                        .build());
                status = 201;
            } catch (ConditionalCheckFailedException e) {
                status = 409;
            }
            LOG.info("POST /users {}", status);
            return new APIGatewayProxyResponseEvent()
                    .withStatusCode(status)
                    .withHeaders(Map.of("Content-Type", "application/json"))
                    .withBody(status == 201 ? "{\"id\":\"" + id + "\",\"name\":\"" + name + "\"}" : "{\"error\":\"exists\"}");
        } finally {
            ThreadContext.remove("AWSRequestId");
        }
    }
}
