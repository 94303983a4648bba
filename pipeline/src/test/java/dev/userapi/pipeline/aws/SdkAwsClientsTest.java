package dev.userapi.pipeline.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The real SDK clients against a local HTTP server: what goes over the wire, and how throttling
 * is retried. No AWS account involved.
 */
class SdkAwsClientsTest {
    private static final AwsCredentialsProvider KEYS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
    private static final String THROTTLED = """
            <ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
              <Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>
              <RequestId>5ccc7dcd-744c-11e5-be70-example</RequestId>
            </ErrorResponse>""";
    private static final String NO_STACKS = """
            <DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
              <DescribeStacksResult><Stacks/></DescribeStacksResult>
              <ResponseMetadata><RequestId>b9b4b068-3a41-11e5-94eb-example</RequestId></ResponseMetadata>
            </DescribeStacksResponse>""";

    private HttpServer server;
    private URI endpoint;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> checksumHeaders = new CopyOnWriteArrayList<>();
    private final AtomicInteger throttleFirst = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " " + ex.getRequestHeaders().getFirst("Host")
                + " " + body);
        ex.getRequestHeaders().forEach((k, v) -> {
            String name = k.toLowerCase(java.util.Locale.ROOT);
            if (name.startsWith("x-amz-checksum") || name.equals("x-amz-trailer") || name.equals("x-amz-sdk-checksum-algorithm")) {
                checksumHeaders.add(ex.getRequestMethod() + " " + name + ": " + String.join(",", v));
            }
        });
        if (ex.getRequestMethod().equals("PUT")) {
            ex.getResponseHeaders().add("ETag", "\"900150983cd24fb0d6963f7d28e17f72\"");
            ex.sendResponseHeaders(200, -1);
            ex.close();
            return;
        }
        if (ex.getRequestMethod().equals("GET") && ex.getRequestURI().getPath().endsWith(".json")) {
            // A checksum header that does not match the body, as a server computing it differently would send.
            byte[] json = "{}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("x-amz-checksum-crc32", "AAAAAA==");
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, json.length);
            ex.getResponseBody().write(json);
            ex.close();
            return;
        }
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().add("ETag", "\"900150983cd24fb0d6963f7d28e17f72\"");
            ex.getResponseHeaders().add("Content-Length", "3");
            ex.sendResponseHeaders(200, -1);
            ex.close();
            return;
        }
        boolean throttle = throttleFirst.getAndDecrement() > 0;
        byte[] out = (throttle ? THROTTLED : NO_STACKS).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "text/xml");
        ex.sendResponseHeaders(throttle ? 400 : 200, out.length);
        ex.getResponseBody().write(out);
        ex.close();
    }

    @Test
    void cloudFormationThrottlingIsRetriedWithBackoffUntilItPasses() {
        throttleFirst.set(2);
        try (SdkAwsClients clients = new SdkAwsClients(Map.of());
             CloudFormationClient cfn = clients.cloudFormation("eu-west-1", KEYS, endpoint)) {
            assertTrue(cfn.describeStacks().stacks().isEmpty());
        }
        assertEquals(3, requests.size(), "two throttled attempts, then the one that passed");
        assertTrue(requests.get(0).contains("Action=DescribeStacks"), requests.get(0));
    }

    @Test
    void throttlingBeyondTheAttemptBudgetSurfacesAsTheServiceError() {
        // Past the budget the SDK gives up; this shows the budget is the configured one, not the default 3.
        throttleFirst.set(Integer.MAX_VALUE);
        var strategy = SdkAwsClients.retryStrategy().toBuilder()
                .backoffStrategy(attempt -> java.time.Duration.ZERO)
                .throttlingBackoffStrategy(attempt -> java.time.Duration.ZERO)
                .build();
        try (CloudFormationClient cfn = CloudFormationClient.builder()
                .region(software.amazon.awssdk.regions.Region.EU_WEST_1)
                .credentialsProvider(KEYS)
                .endpointOverride(endpoint)
                .overrideConfiguration(o -> o.retryStrategy(strategy))
                .build()) {
            CloudFormationException e = assertThrows(CloudFormationException.class, cfn::describeStacks);
            assertEquals("Throttling", e.awsErrorDetails().errorCode());
        }
        assertEquals(SdkAwsClients.MAX_ATTEMPTS, requests.size());
    }

    @Test
    void awsEndpointUrlIsTheFallbackEndpoint() {
        try (SdkAwsClients clients = new SdkAwsClients(Map.of("AWS_ENDPOINT_URL", endpoint.toString()));
             CloudFormationClient cfn = clients.cloudFormation("eu-west-1", KEYS, null)) {
            cfn.describeStacks();
        }
        assertEquals(1, requests.size());

        SdkAwsClients none = new SdkAwsClients(Map.of());
        assertNull(none.endpoint(null));
        assertEquals(URI.create("http://explicit:1"), new SdkAwsClients(Map.of("AWS_ENDPOINT_URL", "http://env:2"))
                .endpoint(URI.create("http://explicit:1")));
        none.close();
    }

    @Test
    void s3UsesPathStyleWithAnEndpointOverride() {
        try (SdkAwsClients clients = new SdkAwsClients(Map.of());
             S3Client s3 = clients.s3("eu-west-1", KEYS, endpoint)) {
            assertEquals(3L, s3.headObject(b -> b.bucket("user-api-artifacts-222222222222-eu-west-1").key("user-api/a.jar"))
                    .contentLength());
        }
        String head = requests.get(0);
        assertTrue(head.startsWith("HEAD /user-api-artifacts-222222222222-eu-west-1/user-api/a.jar 127.0.0.1:"), head);
    }

    @Test
    void s3AgainstAnEndpointSendsAndChecksOnlyTheChecksumsItIsGiven() {
        String bucket = "user-api-artifacts-222222222222-eu-west-1";
        try (SdkAwsClients clients = new SdkAwsClients(Map.of());
             S3Client s3 = clients.s3("eu-west-1", KEYS, endpoint)) {
            s3.putObject(b -> b.bucket(bucket).key("user-api/templates/t.yaml"), RequestBody.fromString("Resources: {}"));
            assertEquals(List.of(), checksumHeaders, "no checksum of the SDK's own choosing on an upload");

            s3.putObject(b -> b.bucket(bucket).key("user-api/records/r.json")
                    .checksumSHA256("RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o="), RequestBody.fromString("{}"));
            assertEquals(List.of("PUT x-amz-checksum-sha256: RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o="), checksumHeaders,
                    "a checksum the caller gives still goes, so S3 still refuses bytes that differ");
            checksumHeaders.clear();

            assertEquals("{}", s3.getObjectAsBytes(b -> b.bucket(bucket).key("user-api/records/r.json")).asUtf8String(),
                    "a response checksum the SDK did not ask for is not held against the download");
            assertEquals(List.of(), checksumHeaders);
        }
    }

    /**
     * The start-up training talks to a server of its own on the loopback interface: a proxy from the
     * user's settings would carry its requests off the machine, and the retries of a real deploy would
     * keep a background JVM alive for minutes when that server is gone.
     */
    @Test
    void loopbackClientsIgnoreTheUsersProxyAndTryEachCallOnce() throws IOException {
        List<String> proxied = new CopyOnWriteArrayList<>();
        HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", ex -> {
            proxied.add(ex.getRequestMethod() + " " + ex.getRequestURI());
            ex.sendResponseHeaders(403, -1);
            ex.close();
        });
        proxy.start();
        var credentials = software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("AKIDTEST", "secret"));
        Map<String, String> saved = new java.util.HashMap<>();
        for (String k : List.of("http.proxyHost", "http.proxyPort", "http.nonProxyHosts")) {
            saved.put(k, System.getProperty(k));
        }
        try {
            System.setProperty("http.proxyHost", "127.0.0.1");
            System.setProperty("http.proxyPort", String.valueOf(proxy.getAddress().getPort()));
            System.setProperty("http.nonProxyHosts", "example.invalid");
            // The clients of a deploy honour the user's proxy (the test's proxy is in the way)...
            try (SdkAwsClients sdk = new SdkAwsClients(Map.of(), SdkAwsClients.Timeouts.LOOPBACK);
                 var cfn = sdk.cloudFormation("us-east-1", credentials, endpoint)) {
                assertThrows(RuntimeException.class, () -> cfn.describeStacks(b -> b.stackName("s")));
            }
            assertFalse(proxied.isEmpty(), "the proxy is used by a deploy's clients");
            proxied.clear();
            requests.clear();
            // ... the training's go straight to the server, once.
            throttleFirst.set(1);
            try (SdkAwsClients sdk = SdkAwsClients.loopback();
                 var cfn = sdk.cloudFormation("us-east-1", credentials, endpoint)) {
                assertThrows(RuntimeException.class, () -> cfn.describeStacks(b -> b.stackName("s")));
            }
            assertEquals(List.of(), proxied);
            assertEquals(1, requests.size(), "one attempt: " + requests);
        } finally {
            saved.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
            proxy.stop(0);
        }
    }
}
