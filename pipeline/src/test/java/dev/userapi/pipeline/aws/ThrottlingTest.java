package dev.userapi.pipeline.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import dev.userapi.pipeline.fake.FakeCloudFormation;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;

/**
 * Throttling is retried by the SDK client, never by the deploy code. Shown twice: the real client
 * {@link SdkAwsClients} builds rides out a throttling burst from an HTTP endpoint speaking
 * CloudFormation's query protocol; and the loop {@link SdkRetryForFakes} puts around the fakes is that
 * same strategy — it retries Throttling up to the configured attempts, and not a ValidationError.
 */
class ThrottlingTest {

    @Test
    void theRealClientRetriesThrottlingOverTheWire() throws IOException {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            int n = requests.incrementAndGet();
            String body;
            int status;
            if (n <= 2) {
                status = 400;
                body = """
                        <ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
                          <Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>
                          <RequestId>req-%d</RequestId>
                        </ErrorResponse>""".formatted(n);
            } else {
                status = 200;
                body = """
                        <DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
                          <DescribeStacksResult><Stacks><member>
                            <StackName>user-api-dev</StackName>
                            <StackId>arn:aws:cloudformation:eu-west-1:222222222222:stack/user-api-dev/1</StackId>
                            <StackStatus>UPDATE_COMPLETE</StackStatus>
                            <CreationTime>2026-01-01T00:00:00Z</CreationTime>
                          </member></Stacks></DescribeStacksResult>
                          <ResponseMetadata><RequestId>req-ok</RequestId></ResponseMetadata>
                        </DescribeStacksResponse>""";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        try (SdkAwsClients clients = new SdkAwsClients(Map.of())) {
            CloudFormationClient cfn = clients.cloudFormation("eu-west-1",
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")),
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
            var stacks = cfn.describeStacks(b -> b.stackName("user-api-dev")).stacks();
            assertEquals("UPDATE_COMPLETE", stacks.get(0).stackStatusAsString());
            assertEquals(3, requests.get(), "two throttled attempts, then the answer");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theLoopAroundTheFakesIsTheSdkStrategy() {
        FakeCloudFormation fake = new FakeCloudFormation("222222222222", "eu-west-1");
        CloudFormationClient cfn = SdkRetryForFakes.wrap(CloudFormationClient.class, fake, SdkRetryForFakes.strategy());

        fake.throttleNext(SdkRetryForFakes.maxAttempts() - 1);
        CloudFormationException missing = assertThrows(CloudFormationException.class, () -> cfn.describeStacks(b -> b.stackName("nope")));
        assertEquals("ValidationError", missing.awsErrorDetails().errorCode(), "throttles retried until the real answer");
        assertEquals(SdkRetryForFakes.maxAttempts(), fake.calls("DescribeStacks"));

        fake.resetCounters();
        assertThrows(CloudFormationException.class, () -> cfn.describeStacks(b -> b.stackName("nope")));
        assertEquals(1, fake.calls("DescribeStacks"), "a ValidationError is not retried");

        fake.resetCounters();
        fake.throttleNext(SdkRetryForFakes.maxAttempts() + 5);
        CloudFormationException throttled = assertThrows(CloudFormationException.class, () -> cfn.describeStacks(b -> b.stackName("nope")));
        assertEquals("Throttling", throttled.awsErrorDetails().errorCode(), "a burst longer than the attempts surfaces");
        assertEquals(SdkRetryForFakes.maxAttempts(), fake.calls("DescribeStacks"));
    }
}
