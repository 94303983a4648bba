package dev.userapi.functions;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FunctionEnvironmentTest {

    private static Map<String, String> lambdaEnvironment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("TABLE_NAME", "user-api-dev-UsersTable-1ABC");
        environment.put("AWS_REGION", "eu-west-1");
        environment.put("AWS_ACCESS_KEY_ID", "ASIAEXAMPLE");
        environment.put("AWS_SECRET_ACCESS_KEY", "secret");
        environment.put("AWS_SESSION_TOKEN", "token");
        return environment;
    }

    @Test
    void readsTableRegionAndTheExecutionRolesSessionCredentials() {
        FunctionEnvironment resolved = FunctionEnvironment.from(lambdaEnvironment());

        assertEquals("user-api-dev-UsersTable-1ABC", resolved.tableName());
        assertEquals(Region.EU_WEST_1, resolved.region());
        AwsCredentials credentials = resolved.credentials().resolveCredentials();
        AwsSessionCredentials session = assertInstanceOf(AwsSessionCredentials.class, credentials);
        assertEquals("ASIAEXAMPLE", session.accessKeyId());
        assertEquals("token", session.sessionToken());
        assertEquals(Optional.empty(), resolved.endpoint());
    }

    @Test
    void keysWithoutASessionTokenAreLongTermCredentials() {
        Map<String, String> environment = lambdaEnvironment();
        environment.remove("AWS_SESSION_TOKEN");

        assertInstanceOf(AwsBasicCredentials.class, FunctionEnvironment.from(environment).credentials().resolveCredentials());
    }

    @Test
    void theDynamoDbEndpointWinsOverTheGeneralOne() {
        Map<String, String> environment = lambdaEnvironment();
        environment.put("AWS_ENDPOINT_URL", "http://localhost:4566");
        assertEquals(Optional.of(URI.create("http://localhost:4566")), FunctionEnvironment.from(environment).endpoint());

        environment.put("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000");
        assertEquals(Optional.of(URI.create("http://127.0.0.1:8000")), FunctionEnvironment.from(environment).endpoint());
    }

    @Test
    void aMissingTableNameIsAClearStartupError() {
        Map<String, String> environment = lambdaEnvironment();
        environment.remove("TABLE_NAME");

        FunctionConfigurationException e = assertThrows(FunctionConfigurationException.class,
                () -> FunctionEnvironment.from(environment));
        assertTrue(e.getMessage().startsWith("TABLE_NAME is not set"), e.getMessage());
    }

    @Test
    void theHandlerConstructorFailsOnABlankTableNameBeforeServingAnything() {
        Map<String, String> environment = lambdaEnvironment();
        environment.put("TABLE_NAME", "  ");

        FunctionConfigurationException e = assertThrows(FunctionConfigurationException.class,
                () -> new CreateUserHandler(environment));
        assertTrue(e.getMessage().contains("TABLE_NAME"), e.getMessage());
    }

    @Test
    void aMissingRegionIsAClearStartupError() {
        Map<String, String> environment = lambdaEnvironment();
        environment.remove("AWS_REGION");

        assertTrue(assertThrows(FunctionConfigurationException.class, () -> FunctionEnvironment.from(environment))
                .getMessage().startsWith("AWS_REGION is not set"));
    }

    @Test
    void halfAKeyPairIsAnError() {
        Map<String, String> environment = lambdaEnvironment();
        environment.remove("AWS_SECRET_ACCESS_KEY");

        assertTrue(assertThrows(FunctionConfigurationException.class, () -> FunctionEnvironment.from(environment))
                .getMessage().startsWith("AWS_SECRET_ACCESS_KEY is not set but AWS_ACCESS_KEY_ID is"));
    }

    @Test
    void withoutKeysTheContainerEndpointIsUsedWhereLambdaProvidesOne() {
        Map<String, String> environment = lambdaEnvironment();
        environment.remove("AWS_ACCESS_KEY_ID");
        environment.remove("AWS_SECRET_ACCESS_KEY");
        environment.remove("AWS_SESSION_TOKEN");
        environment.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9001/2021-04-23/credentials");

        assertInstanceOf(ContainerCredentialsProvider.class, FunctionEnvironment.from(environment).credentials());

        environment.remove("AWS_CONTAINER_CREDENTIALS_FULL_URI");
        assertTrue(assertThrows(FunctionConfigurationException.class, () -> FunctionEnvironment.from(environment))
                .getMessage().startsWith("no AWS credentials in the environment"));
    }

    @Test
    void aMalformedEndpointNamesTheVariable() {
        Map<String, String> environment = lambdaEnvironment();
        environment.put("AWS_ENDPOINT_URL_DYNAMODB", "localhost:8000");

        assertTrue(assertThrows(FunctionConfigurationException.class, () -> FunctionEnvironment.from(environment))
                .getMessage().startsWith("AWS_ENDPOINT_URL_DYNAMODB=localhost:8000 is not an endpoint URL"));
    }
}
