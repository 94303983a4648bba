package dev.userapi.pipeline.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.userapi.pipeline.changeset.AwsErrors;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * The real clients against endpoints that misbehave: one that answers HTTP 500 with an empty body, one
 * that accepts the connection and never answers. Every failure names its call, and a silent endpoint
 * is given up on within the configured bounds instead of 10 attempts × the socket timeout.
 */
class CallBoundsTest {
    private HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    private URI serve(boolean hang) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            requests.incrementAndGet();
            if (hang) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static CloudFormationClient cfn(SdkAwsClients clients, URI endpoint) {
        return clients.cloudFormation("eu-west-1", StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")),
                endpoint);
    }

    @Test
    void anErrorWithAnEmptyBodyNamesTheCallInsteadOfRequestIdNull() throws IOException {
        URI endpoint = serve(false);
        SdkAwsClients.Timeouts quick = new SdkAwsClients.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(60),
                Duration.ofSeconds(5), Duration.ofSeconds(60));
        try (SdkAwsClients clients = new SdkAwsClients(Map.of(), quick)) {
            SdkException e = assertThrows(SdkException.class, () -> cfn(clients, endpoint).describeStacks(b -> b.stackName("user-api-dev")));
            String said = AwsErrors.describe(e);
            assertTrue(said.startsWith("CloudFormation DescribeStacks in eu-west-1 at " + endpoint + ": HTTP 500 with an empty error body"), said);
            assertFalse(said.contains("Request ID: null"), said);
            assertEquals(SdkAwsClients.MAX_ATTEMPTS, requests.get(), "a 500 is retried like any transient error");
        }
    }

    @Test
    void aSilentEndpointIsGivenUpOnWithinTheCallBoundAndNamed() throws IOException {
        URI endpoint = serve(true);
        SdkAwsClients.Timeouts bounded = new SdkAwsClients.Timeouts(Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofSeconds(2),
                Duration.ofMillis(300), Duration.ofSeconds(2));
        try (SdkAwsClients clients = new SdkAwsClients(Map.of(), bounded)) {
            SdkException e = assertThrows(SdkException.class, () -> cfn(clients, endpoint).describeStacks(b -> b.stackName("user-api-dev")));
            assertTrue(AwsErrors.describe(e).startsWith("CloudFormation DescribeStacks in eu-west-1 at " + endpoint + ": "), AwsErrors.describe(e));
            assertTrue(requests.get() < SdkAwsClients.MAX_ATTEMPTS, "the call bound ended the attempts early: " + requests.get());
        }
    }
}
