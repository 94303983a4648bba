package dev.userapi.functions;

import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

import java.io.ByteArrayInputStream;
import java.time.Duration;

/** Builds the one DynamoDB client of a container. */
final class DynamoDb {

    /**
     * A call that has not answered by then fails, so the handler answers with its own JSON 500
     * before the function's 10-second timeout turns into API Gateway's bare 502.
     */
    static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(5);
    static final Duration API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(2);

    private DynamoDb() {
    }

    /** Connect and read timeouts of each HTTP attempt. */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(5);

    /** A client whose HTTP connections come from {@code connections}. */
    static DynamoDbClient client(FunctionEnvironment environment, HttpConnections connections) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .region(environment.region())
                .credentialsProvider(environment.credentials())
                // Far lighter to load than the Apache client, and its lack of connection pooling
                // tuning does not matter at one request at a time per container. The connections
                // are opened by our factory so the SnapStart hook can close them.
                .httpClient(UrlConnectionHttpClient.create(connections))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(API_CALL_TIMEOUT)
                        .apiCallAttemptTimeout(API_CALL_ATTEMPT_TIMEOUT)
                        // An empty profile file: the client's settings (retry mode, FIPS, dual-stack,
                        // ...) come from the environment map and the SDK's defaults alone, never
                        // from a ~/.aws/config on the machine that happens to run the handler.
                        .defaultProfileFileSupplier(DynamoDb::emptyProfileFile)
                        .build());
        environment.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static ProfileFile emptyProfileFile() {
        return ProfileFile.builder()
                .content(new ByteArrayInputStream(new byte[0]))
                .type(ProfileFile.Type.CONFIGURATION)
                .build();
    }
}
