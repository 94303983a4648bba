package dev.userapi.functions;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;

/**
 * What a function reads from its environment, resolved once per container and only from the map it
 * is given: {@code System.getenv()} on Lambda, an explicit map in {@code pipeline local} and tests.
 * Region and credentials are set explicitly so the SDK never walks its default provider chains
 * (profile files, instance metadata), which costs time on every cold start.
 *
 * @param tableName   the DynamoDB table ({@code TABLE_NAME})
 * @param region      {@code AWS_REGION}, which Lambda always sets
 * @param credentials the execution role's credentials
 * @param endpoint    an endpoint override for a local engine (dynalite) or another AWS-compatible endpoint
 */
public record FunctionEnvironment(String tableName, Region region, AwsCredentialsProvider credentials,
                                  Optional<URI> endpoint) {

    public static final String TABLE_NAME = "TABLE_NAME";
    public static final String AWS_REGION = "AWS_REGION";
    public static final String AWS_ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
    public static final String AWS_SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";
    public static final String AWS_SESSION_TOKEN = "AWS_SESSION_TOKEN";
    public static final String AWS_ENDPOINT_URL_DYNAMODB = "AWS_ENDPOINT_URL_DYNAMODB";
    public static final String AWS_ENDPOINT_URL = "AWS_ENDPOINT_URL";
    /** Set instead of the key variables where Lambda serves credentials over HTTP (SnapStart). */
    static final String CONTAINER_FULL_URI = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
    static final String CONTAINER_RELATIVE_URI = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";

    public static FunctionEnvironment from(Map<String, String> environment) {
        if (environment == null) {
            throw new FunctionConfigurationException("no environment given to the function");
        }
        String tableName = required(environment, TABLE_NAME,
                "the name of the users table (the template sets it from the table resource)");
        Region region = Region.of(required(environment, AWS_REGION,
                "the region of the users table (Lambda sets it; set it yourself when running elsewhere)"));
        return new FunctionEnvironment(tableName, region, credentials(environment), endpoint(environment));
    }

    private static AwsCredentialsProvider credentials(Map<String, String> environment) {
        String accessKey = value(environment, AWS_ACCESS_KEY_ID);
        String secretKey = value(environment, AWS_SECRET_ACCESS_KEY);
        if (accessKey != null && secretKey != null) {
            String sessionToken = value(environment, AWS_SESSION_TOKEN);
            return StaticCredentialsProvider.create(sessionToken == null
                    ? AwsBasicCredentials.create(accessKey, secretKey)
                    : AwsSessionCredentials.create(accessKey, secretKey, sessionToken));
        }
        if (accessKey != null || secretKey != null) {
            throw new FunctionConfigurationException((accessKey == null ? AWS_ACCESS_KEY_ID : AWS_SECRET_ACCESS_KEY)
                    + " is not set but " + (accessKey == null ? AWS_SECRET_ACCESS_KEY : AWS_ACCESS_KEY_ID)
                    + " is: set both (and " + AWS_SESSION_TOKEN + " for temporary credentials)");
        }
        if (value(environment, CONTAINER_FULL_URI) != null || value(environment, CONTAINER_RELATIVE_URI) != null) {
            // The container provider reads these variables (and the authorization token) from the
            // process environment itself, which is where Lambda puts them.
            return ContainerCredentialsProvider.builder().build();
        }
        throw new FunctionConfigurationException("no AWS credentials in the environment: set " + AWS_ACCESS_KEY_ID
                + " and " + AWS_SECRET_ACCESS_KEY + " (Lambda sets them from the execution role; any value works "
                + "against a local engine such as dynalite)");
    }

    private static Optional<URI> endpoint(Map<String, String> environment) {
        String name = value(environment, AWS_ENDPOINT_URL_DYNAMODB) != null ? AWS_ENDPOINT_URL_DYNAMODB
                : value(environment, AWS_ENDPOINT_URL) != null ? AWS_ENDPOINT_URL : null;
        if (name == null) {
            return Optional.empty();
        }
        String text = value(environment, name);
        try {
            URI uri = new URI(text);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(text, "expected http(s)://host[:port]");
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            throw new FunctionConfigurationException(name + "=" + text + " is not an endpoint URL: "
                    + e.getReason() + ", e.g. http://127.0.0.1:8000");
        }
    }

    private static String required(Map<String, String> environment, String name, String what) {
        String value = value(environment, name);
        if (value == null) {
            throw new FunctionConfigurationException(name + " is not set: the function needs " + what);
        }
        return value;
    }

    /** A variable's value; unset and blank are the same, as an empty value configures nothing. */
    private static String value(Map<String, String> environment, String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }
}
