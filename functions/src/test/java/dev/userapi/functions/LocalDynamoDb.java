package dev.userapi.functions;

import dev.userapi.dynalite.Dynalite;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DynamoDB-compatible server (dynalite, in memory, on 127.0.0.1), started once per test run (JUnit
 * closes it with the root store), and the table and environment each test class gets from it. Inject it as a parameter:
 * {@code @ExtendWith(LocalDynamoDb.Extension.class)}.
 */
final class LocalDynamoDb implements AutoCloseable {

    static final String REGION = "eu-west-1";
    static final String ACCESS_KEY = "AKIDLOCALTEST";
    static final String SECRET_KEY = "local-test-secret";

    private static final AtomicInteger TABLES = new AtomicInteger();

    private final Dynalite server;
    private final URI endpoint;
    private final DynamoDbClient client;

    private LocalDynamoDb() {
        // In memory: nothing to clean up, and each run starts empty. A first run installs dynalite.
        server = Dynalite.start(null, System.err::println);
        endpoint = server.endpoint();
        client = DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    URI endpoint() {
        return endpoint;
    }

    /** A client for the tests' own checks, beside the handlers' clients. */
    DynamoDbClient client() {
        return client;
    }

    /** A new table with the template's key schema ({@code id} S, hash), so test classes never share data. */
    String createUsersTable() {
        String name = "users-" + TABLES.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
        client.createTable(b -> b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
        return name;
    }

    /** The environment Lambda would give a function, pointed at this server. */
    Map<String, String> environment(String tableName) {
        Map<String, String> environment = new HashMap<>();
        environment.put("TABLE_NAME", tableName);
        environment.put("AWS_REGION", REGION);
        environment.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        environment.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        environment.put("AWS_SESSION_TOKEN", "local-session-token");
        environment.put("AWS_ENDPOINT_URL_DYNAMODB", endpoint.toString());
        return environment;
    }

    /** The stored item, read behind the handlers' backs. */
    Map<String, AttributeValue> item(String tableName, String id) {
        return client.getItem(b -> b.tableName(tableName).consistentRead(true)
                .key(Map.of("id", AttributeValue.builder().s(id).build()))).item();
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Resolves {@link LocalDynamoDb} parameters to the one server of the test run. */
    static final class Extension implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == LocalDynamoDb.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(ExtensionContext.Namespace.create(LocalDynamoDb.class))
                    .computeIfAbsent(LocalDynamoDb.class, key -> new LocalDynamoDb(), LocalDynamoDb.class);
        }
    }
}
