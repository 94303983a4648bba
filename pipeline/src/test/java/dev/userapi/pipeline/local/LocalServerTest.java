package dev.userapi.pipeline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** The local server over real HTTP, with the fixture artifact and the fixture template (the shape of app.yaml). */
class LocalServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INTERNAL_ERROR = "{\"message\": \"Internal server error\"}";
    private static Fixtures.Log log;
    private static LocalServer server;
    private static Fixtures.Http http;

    @BeforeAll
    static void start() {
        log = new Fixtures.Log();
        server = LocalServer.start(new LocalSettings(Fixtures.template(), Fixtures.artifact(), "127.0.0.1", 0, null, Map.of(),
                null, null), log.writer);
        http = new Fixtures.Http(server.url());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theIssueWalkThrough() {
        HttpResponse<String> created = http.postJson("/users", "{\"id\":\"1\",\"name\":\"John Doe\"}");
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("application/json", created.headers().firstValue("Content-Type").orElseThrow());

        HttpResponse<String> got = http.get("/users/1");
        assertEquals(200, got.statusCode());
        assertEquals("{\"id\":\"1\",\"name\":\"John Doe\"}", got.body());

        HttpResponse<String> again = http.postJson("/users", "{\"id\":\"1\",\"name\":\"Jane Roe\"}");
        assertEquals(409, again.statusCode(), again.body());
        assertEquals("{\"id\":\"1\",\"name\":\"John Doe\"}", http.get("/users/1").body(), "an existing user is never overwritten");

        HttpResponse<String> deleted = http.send("DELETE", "/users/1", null);
        assertEquals(204, deleted.statusCode());
        assertEquals("", deleted.body());
        assertEquals(404, http.get("/users/1").statusCode());
        assertEquals(404, http.send("DELETE", "/users/1", null).statusCode());
    }

    @Test
    void badInputReachesTheHandlerAndGets400() {
        assertEquals(400, http.postJson("/users", "{\"id\":").statusCode());
        assertEquals(400, http.postJson("/users", "{\"id\":\"has space\",\"name\":\"x\"}").statusCode());
        assertEquals(400, http.send("POST", "/users", null).statusCode(), "no body at all");
    }

    @Test
    void unknownRoutesAndMethodsGetApiGatewaysMissingAuthenticationToken() {
        for (HttpResponse<String> r : List.of(http.get("/nope"), http.get("/users"), http.send("PUT", "/users/1", "{}"),
                http.get("/users/1/extra"), http.get("/"))) {
            assertEquals(403, r.statusCode(), r.uri().toString());
            assertEquals("{\"message\":\"Missing Authentication Token\"}", r.body());
            assertEquals("MissingAuthenticationTokenException", r.headers().firstValue("x-amzn-ErrorType").orElseThrow());
        }
    }

    @Test
    void theEventIsWhatApiGatewayBuilds() throws Exception {
        HttpResponse<String> r = http.send("GET", "/echo/a/b%20c?x=1&x=2&y=%20z&flag", null,
                "X-Custom", "one", "X-Custom", "two", "User-Agent", "local-test");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = JSON.readTree(r.body());
        JsonNode e = body.get("event");
        assertEquals("/echo/{proxy+}", e.get("resource").asText());
        assertEquals("/echo/a/b%20c", e.get("path").asText(), "the path stays percent-encoded");
        assertEquals("GET", e.get("httpMethod").asText());
        assertEquals("a/b%20c", e.get("pathParameters").get("proxy").asText());
        assertEquals("2", e.get("queryStringParameters").get("x").asText(), "the last value");
        assertEquals(" z", e.get("queryStringParameters").get("y").asText(), "query values are decoded");
        assertEquals("", e.get("queryStringParameters").get("flag").asText());
        assertEquals("[\"1\",\"2\"]", e.get("multiValueQueryStringParameters").get("x").toString());
        assertEquals("two", e.get("headers").get("X-Custom").asText());
        assertEquals("[\"one\",\"two\"]", e.get("multiValueHeaders").get("X-Custom").toString());
        assertEquals("127.0.0.1", e.get("headers").get("X-Forwarded-For").asText());
        assertTrue(e.get("headers").get("X-Amzn-Trace-Id").asText().startsWith("Root=1-"));
        assertEquals("blue", e.get("stageVariables").get("color").asText());
        assertTrue(e.get("body").isNull());
        assertFalse(e.get("isBase64Encoded").asBoolean());

        JsonNode c = e.get("requestContext");
        assertEquals(r.headers().firstValue("x-amzn-RequestId").orElseThrow(), c.get("requestId").asText());
        assertEquals(c.get("requestId").asText(), body.get("context").get("awsRequestId").asText());
        assertEquals("test", c.get("stage").asText());
        assertEquals("/echo/{proxy+}", c.get("resourcePath").asText());
        assertEquals("GET", c.get("httpMethod").asText());
        assertEquals("/test/echo/a/b%20c", c.get("path").asText(), "the context's path starts with the stage");
        assertEquals(LocalEnvironment.ACCOUNT_ID, c.get("accountId").asText());
        assertEquals(server.app().api().id(), c.get("apiId").asText());
        assertEquals("127.0.0.1", c.get("identity").get("sourceIp").asText());
        assertEquals("local-test", c.get("identity").get("userAgent").asText());
        assertTrue(c.get("requestTime").asText().matches("\\d\\d/[A-Z][a-z]{2}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000"));
    }

    @Test
    void theHandlerGetsTheTemplatesEnvironmentAndALambdaContext() throws Exception {
        JsonNode body = JSON.readTree(http.get("/echo/env").body());
        JsonNode env = body.get("environment");
        assertEquals("fixture-local-UsersTable", env.get("TABLE_NAME").asText(), "Ref to the table is its local name");
        assertEquals("hello from us-east-1", env.get("GREETING").asText());
        assertEquals("test", env.get("STAGE").asText());
        assertEquals("us-east-1", env.get("AWS_REGION").asText());
        assertEquals(server.dynamoDbEndpoint().toString(), env.get("AWS_ENDPOINT_URL_DYNAMODB").asText());
        assertEquals("fixture-local-echo", env.get("AWS_LAMBDA_FUNCTION_NAME").asText());
        assertEquals("256", env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").asText());
        JsonNode context = body.get("context");
        assertEquals("fixture-local-echo", context.get("functionName").asText());
        assertEquals("arn:aws:lambda:us-east-1:123456789012:function:fixture-local-echo", context.get("invokedFunctionArn").asText());
        assertEquals(256, context.get("memoryLimitInMB").asInt());
        int remaining = context.get("remainingTimeInMillis").asInt();
        assertTrue(remaining > 0 && remaining <= 5000, "the template's Timeout is 5 s: " + remaining);
        assertEquals("/aws/lambda/fixture-local-echo", context.get("logGroupName").asText());
    }

    @Test
    void theHandlerRunsInItsOwnClassLoaderWithTheRuntimeApiShared() throws Exception {
        JsonNode body = JSON.readTree(http.get("/echo/loaders").body());
        assertEquals("EchoFunction", body.get("handlerLoader").asText());
        assertEquals("EchoFunction", body.get("jacksonLoader").asText(), "libraries come from the artifact, not the pipeline");
        assertEquals("app", body.get("eventLoader").asText(), "event classes are the pipeline's");
    }

    @Test
    void oneWarmInstancePerFunction() throws Exception {
        int first = JSON.readTree(http.get("/echo/warm").body()).get("calls").asInt();
        int second = JSON.readTree(http.get("/echo/warm").body()).get("calls").asInt();
        assertEquals(first + 1, second);
    }

    @Test
    void bodiesAreTextUnlessTheirTypeIsABinaryMediaTypeOfTheApi() throws Exception {
        JsonNode text = JSON.readTree(http.send("POST", "/echo/text", "héllo", "Content-Type", "text/plain").body()).get("event");
        assertEquals("héllo", text.get("body").asText());
        assertFalse(text.get("isBase64Encoded").asBoolean());

        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff};
        HttpResponse<byte[]> r = http.sendBytes("POST", "/echo/png", png, "Content-Type", "image/png");
        JsonNode binary = JSON.readTree(new String(r.body(), StandardCharsets.UTF_8)).get("event");
        assertTrue(binary.get("isBase64Encoded").asBoolean(), "image/png is in the API's BinaryMediaTypes (as image~1png)");
        assertEquals(Base64.getEncoder().encodeToString(png), binary.get("body").asText());
    }

    @Test
    void aFailingOrMalformedFunctionGets502AndTheCauseIsLogged() {
        String logged = "";
        for (String path : List.of("/misbehave/fail", "/misbehave/null", "/misbehave/no-status")) {
            HttpResponse<String> r = http.get(path);
            assertEquals(502, r.statusCode(), path);
            assertEquals(INTERNAL_ERROR, r.body());
            logged = log.after(r);
        }
        assertTrue(logged.contains("IllegalStateException: failing on purpose"), logged);
        assertTrue(logged.contains("Malformed Lambda proxy response from ReturnNullFunction: the function returned null"), logged);
        assertTrue(logged.contains("Malformed Lambda proxy response from NoStatusFunction: statusCode is null"), logged);
    }

    @Test
    void aFunctionPastItsTimeoutGets502AndANewSandbox() {
        long start = System.nanoTime();
        HttpResponse<String> r = http.get("/misbehave/sleep");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(502, r.statusCode());
        assertTrue(millis >= 1000 && millis < 5000, "the template's Timeout is 1 s: " + millis);
        String logged = log.after(r);
        assertTrue(logged.contains("SleepFunction: Task timed out after 1.00 seconds"), logged);
    }

    @Test
    void everyRequestIsOneLogLineWithoutItsBody() {
        HttpResponse<String> r = http.postJson("/users", "{\"id\":\"log-line\",\"name\":\"Secret Name\"}");
        String requestId = r.headers().firstValue("x-amzn-RequestId").orElseThrow();
        String logged = log.after(r);
        assertTrue(logged.lines().anyMatch(l -> l.matches("POST /users 201 \\d+ ms " + requestId)), logged);
        assertFalse(logged.contains("Secret Name"), "bodies are never logged");
    }

    @Test
    void theTableHasTheTemplatesKeySchemaAndBillingMode() {
        try (DynamoDbClient ddb = DynamoDbClient.builder().endpointOverride(server.dynamoDbEndpoint())
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("any", "any"))).build()) {
            TableDescription t = ddb.describeTable(b -> b.tableName("fixture-local-UsersTable")).table();
            assertEquals(List.of(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()), t.keySchema());
            assertEquals("PAY_PER_REQUEST", t.billingModeSummary().billingModeAsString());
        }
        assertEquals(List.of(true), server.tablesCreated());
        assertTrue(server.dynamoDbDescription().equals("dynalite in memory"), server.dynamoDbDescription());
    }

    // ---------------------------------------------------------------- as API Gateway answers on the wire

    @Test
    void aDoubledSlashIsRoutedAsOneAsApiGatewayDoes() throws Exception {
        Fixtures.RawResponse r = Fixtures.raw(server.url(), "GET //echo//doubled HTTP/1.1\nHost: x\nConnection: close\n");
        assertEquals(200, r.status(), r.body());
        assertEquals("application/json", r.header("Content-Type"));
        JsonNode e = JSON.readTree(r.body()).get("event");
        assertEquals("/echo/doubled", e.get("path").asText());
        String requestId = r.header("x-amzn-RequestId");
        awaitLogged(requestId);
        assertTrue(log.toString().lines().anyMatch(l -> l.matches("GET //echo//doubled 200 \\d+ ms " + requestId)),
                "the log shows the path as sent: " + log);

        Fixtures.RawResponse users = Fixtures.raw(server.url(), "GET //users/nobody HTTP/1.1\nHost: x\nConnection: close\n");
        assertEquals(404, users.status(), "routed to GET /users/{id}: " + users.body());
        assertTrue(users.body().startsWith("{"), users.body());
    }

    @Test
    void aBrokenEscapeInTheQueryReachesTheHandlerAsSent() throws Exception {
        Fixtures.RawResponse r = Fixtures.raw(server.url(), "GET /echo/q?a=%ZZ&b=ok HTTP/1.1\nHost: x\nConnection: close\n");
        assertEquals(200, r.status(), r.body());
        JsonNode e = JSON.readTree(r.body()).get("event");
        assertEquals("%ZZ", e.get("queryStringParameters").get("a").asText(), "an escape that decodes to nothing stays as sent");
        assertEquals("ok", e.get("queryStringParameters").get("b").asText());

        Fixtures.RawResponse user = Fixtures.raw(server.url(), "GET /users/1?a=%ZZ HTTP/1.1\nHost: x\nConnection: close\n");
        assertEquals(404, user.status(), user.body());
        assertEquals("application/json", user.header("Content-Type"));
        awaitLogged(user.header("x-amzn-RequestId"));
        assertTrue(log.toString().contains("GET /users/1 404 "), log.toString());
        assertFalse(log.toString().contains("a=%ZZ"), "the query, which may carry secrets, is not logged");
    }

    @Test
    void headerNamesKeepTheirCaseBothWays() throws Exception {
        Fixtures.RawResponse r = Fixtures.raw(server.url(), "GET /echo/headers HTTP/1.1\nHost: x\nx-lower-case: 1\n"
                + "X-MiXeD-Case: 2\ncontent-type: text/plain\nConnection: close\n");
        assertEquals(200, r.status(), r.body());
        assertEquals("Set-Cookie", r.nameAsSent("set-cookie"));
        assertEquals("content-type", r.nameAsSent("content-type"), "the handler's own case");
        assertEquals("X-amzn-Custom-CASE", r.nameAsSent("x-amzn-custom-case"));
        assertEquals("x-amzn-RequestId", r.nameAsSent("x-amzn-requestid"));
        JsonNode headers = JSON.readTree(r.body()).get("event").get("headers");
        assertEquals("1", headers.get("x-lower-case").asText(), headers.toString());
        assertEquals("2", headers.get("X-MiXeD-Case").asText(), headers.toString());
        assertEquals("text/plain", headers.get("content-type").asText(), headers.toString());
    }

    @Test
    void whatTheServerCannotParseStillGetsJsonAndALogLine() {
        Fixtures.RawResponse r = Fixtures.raw(server.url(), "GET /users/1 HTTP/1.1\nHost: x\nBad Header Line\nConnection: close\n");
        assertEquals(400, r.status());
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals("{\"message\":\"Bad Request\"}", r.body());
        awaitLogged(r.header("x-amzn-RequestId"));
        assertTrue(log.toString().contains(" 400 0 ms " + r.header("x-amzn-RequestId")), log.toString());
    }

    // ---------------------------------------------------------------- AWS_IAM methods

    private static LocalApp.LocalCaller caller(String policy) {
        return server.app().callers().stream().filter(c -> c.policyLogicalId().equals(policy)).findFirst().orElseThrow();
    }

    @Test
    void anUnsignedRequestToAnIamMethodIsMissingAuthenticationToken() {
        HttpResponse<String> r = http.get("/echo/secure");
        assertEquals(403, r.statusCode());
        assertEquals("{\"message\":\"Missing Authentication Token\"}", r.body());
        assertTrue(log.after(r).contains("no Authorization header"), log.toString());
    }

    @Test
    void aSignedCallerTheIamPolicyAllowsReachesTheHandlerWithItsIdentity() throws Exception {
        LocalApp.LocalCaller reader = caller("SecureReaderPolicy");
        assertEquals("secure-reader", reader.name());
        assertTrue(reader.accessKeyId().matches("AKIA[A-Z2-7]{16}"), reader.accessKeyId());
        HttpResponse<String> r = http.signedAs(reader).get("/echo/secure");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode identity = JSON.readTree(r.body()).get("event").get("requestContext").get("identity");
        assertEquals(reader.accessKeyId(), identity.get("accessKey").asText());
        assertEquals(LocalEnvironment.ACCOUNT_ID, identity.get("accountId").asText());
        assertEquals("arn:aws:iam::123456789012:user/fixture-local-secure-reader", identity.get("userArn").asText());
        assertEquals(reader.userId(), identity.get("caller").asText());
        assertEquals(reader.userId(), identity.get("user").asText());
        assertTrue(reader.userId().matches("AIDA[A-Z2-7]{17}"), reader.userId());
    }

    @Test
    void aSignedCallerWithoutTheGrantIsNotAuthorized() {
        HttpResponse<String> r = http.signedAs(caller("SecureWriterPolicy")).get("/echo/secure");
        assertEquals(403, r.statusCode());
        assertEquals("AccessDeniedException", r.headers().firstValue("x-amzn-ErrorType").orElseThrow());
        assertEquals("{\"Message\":\"User: arn:aws:iam::123456789012:user/fixture-local-secure-writer is not authorized to perform: "
                + "execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********9012:" + server.app().api().id()
                + "/test/GET/echo/secure\"}", r.body());
    }

    @Test
    void unknownKeysABadSignatureAndAStaleOneAreEachApiGatewaysOwn403() {
        LocalApp.LocalCaller reader = caller("SecureReaderPolicy");
        HttpResponse<String> unknown = http.signedWith("AKIAUNKNOWNUNKNOWN22", "whatever", null).get("/echo/secure");
        assertEquals(403, unknown.statusCode());
        assertEquals("{\"message\":\"The security token included in the request is invalid.\"}", unknown.body());
        assertEquals("UnrecognizedClientException", unknown.headers().firstValue("x-amzn-ErrorType").orElseThrow());

        HttpResponse<String> forged = http.signedWith(reader.accessKeyId(), "not-the-secret", null).get("/echo/secure");
        assertEquals(403, forged.statusCode());
        assertTrue(forged.body().startsWith("{\"message\":\"The request signature we calculated does not match the signature you provided."),
                forged.body());
        assertEquals("InvalidSignatureException", forged.headers().firstValue("x-amzn-ErrorType").orElseThrow());

        HttpResponse<String> stale = http.signedWith(reader.accessKeyId(), reader.secretAccessKey(),
                Instant.now().minusSeconds(600)).get("/echo/secure");
        assertEquals(403, stale.statusCode());
        assertTrue(stale.body().startsWith("{\"message\":\"Signature expired: "), stale.body());
    }

    @Test
    void curlsOwnSigV4SignatureIsAcceptedToo() throws Exception {
        assumeTrue(onPath("curl"), "curl is not on the PATH");
        LocalApp.LocalCaller reader = caller("SecureReaderPolicy");
        Process curl = new ProcessBuilder("curl", "-s", "-w", "\n%{http_code}", "--aws-sigv4", "aws:amz:us-east-1:execute-api",
                "--user", reader.accessKeyId() + ":" + reader.secretAccessKey(), server.url() + "/echo/secure?a=1&b=x%20y")
                .redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, curl.waitFor());
        assertTrue(out.endsWith("\n200"), out);
    }

    private static boolean onPath(String tool) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    private static void awaitLogged(String requestId) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!log.toString().contains(requestId) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    @Test
    void everyRouteOfTheFixtureIsAllowedByItsPermission() {
        assertEquals(List.of(), server.unroutable());
    }
}
