package dev.userapi.pipeline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The walk-through against the real thing: cloudformation/app.yaml and the functions artifact
 * the functions module builds. A reactor build (./mvnw verify) builds that module first, so the jar is
 * there; it is required whenever the handlers' sources are in the tree. Only a tree without them yet
 * skips this test, saying so.
 */
class AppEndToEndTest {
    private static LocalServer server;
    private static Fixtures.Http anonymous;
    private static Fixtures.Http reader;
    private static Fixtures.Http writer;

    @BeforeAll
    static void start() {
        Path artifact = Path.of(System.getProperty("userapi.functions.artifact", "../functions/target/user-api-functions.jar"));
        Path sources = Path.of(System.getProperty("userapi.functions.sources", "../functions/src/main/java"));
        if (!Files.isRegularFile(artifact)) {
            if (Files.isDirectory(sources.resolve("dev/userapi/functions"))) {
                fail(artifact + " is missing although the handlers' sources exist: build it first with "
                        + "`./mvnw -B -pl functions -am -DskipTests package`, or run `./mvnw -B verify` at the root");
            }
            Assumptions.abort("the functions module has no handlers yet (" + sources + "), so there is no " + artifact
                    + " to run; the fixture artifact covers pipeline local meanwhile");
        }
        server = LocalServer.start(new LocalSettings(Fixtures.appTemplate(), artifact, "127.0.0.1", 0, null, Map.of(), null, null),
                new Fixtures.Log().writer);
        anonymous = new Fixtures.Http(server.url());
        reader = anonymous.signedAs(caller("ApiReaderPolicy"));
        writer = anonymous.signedAs(caller("ApiWriterPolicy"));
    }

    private static LocalApp.LocalCaller caller(String policy) {
        return server.app().callers().stream().filter(c -> c.policyLogicalId().equals(policy)).findFirst()
                .orElseThrow(() -> new AssertionError("app.yaml has no " + policy + " granting execute-api:Invoke"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theWalkThroughWithAReaderAndAWriter() {
        assertEquals(List.of(), server.unroutable(), "app.yaml's permissions let the API invoke every route");
        assertEquals(List.of("api-reader", "api-writer"), server.app().callers().stream().map(LocalApp.LocalCaller::name).toList());

        HttpResponse<String> created = writer.postJson("/users", "{\"id\":\"1\",\"name\":\"John Doe\"}");
        assertEquals(201, created.statusCode(), created.body());

        HttpResponse<String> got = reader.get("/users/1");
        assertEquals(200, got.statusCode(), got.body());
        assertEquals("{\"id\":\"1\",\"name\":\"John Doe\"}", got.body());
        assertTrue(got.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));

        HttpResponse<String> conflict = writer.postJson("/users", "{\"id\":\"1\",\"name\":\"Someone Else\"}");
        assertEquals(409, conflict.statusCode(), conflict.body());
        assertEquals("{\"id\":\"1\",\"name\":\"John Doe\"}", reader.get("/users/1").body(), "the stored name is unchanged");

        HttpResponse<String> readerWrites = reader.postJson("/users", "{\"id\":\"2\",\"name\":\"Nobody\"}");
        assertEquals(403, readerWrites.statusCode());
        assertTrue(readerWrites.body().contains("user/user-api-local-api-reader is not authorized to perform: execute-api:Invoke"),
                readerWrites.body());
        assertEquals(403, reader.send("DELETE", "/users/1", null).statusCode(), "reading is not deleting");
        assertEquals(200, reader.get("/users/1").statusCode(), "the reader's DELETE deleted nothing");
        assertEquals(403, writer.get("/users/1").statusCode(), "writing is not reading");

        assertEquals(204, writer.send("DELETE", "/users/1", null).statusCode());
        assertEquals(404, reader.get("/users/1").statusCode());
    }

    @Test
    void unsignedRequestsAreRefusedBeforeAnyHandlerRuns() {
        long before = invocations();
        for (HttpResponse<String> r : List.of(anonymous.get("/users/1"), anonymous.postJson("/users", "{\"id\":\"9\",\"name\":\"x\"}"),
                anonymous.send("DELETE", "/users/1", null))) {
            assertEquals(403, r.statusCode());
            assertEquals("{\"message\":\"Missing Authentication Token\"}", r.body());
        }
        assertEquals(before, invocations(), "no handler ran for an unsigned request");
    }

    private static long invocations() {
        return server.invocations("CreateUserFunction") + server.invocations("GetUserFunction")
                + server.invocations("DeleteUserFunction");
    }

    @Test
    void badInputIs400() {
        assertEquals(400, writer.postJson("/users", "{not json").statusCode());
        assertEquals(400, writer.postJson("/users", "{\"id\":\"no spaces allowed\",\"name\":\"x\"}").statusCode());
        assertEquals(400, writer.postJson("/users", "{\"id\":\"2\"}").statusCode());
    }

    @Test
    void anUnknownRouteIsApiGateways403() {
        HttpResponse<String> r = writer.get("/people");
        assertEquals(403, r.statusCode());
        assertEquals("{\"message\":\"Missing Authentication Token\"}", r.body());
        assertEquals(403, writer.send("PUT", "/users/1", "{}").statusCode());
    }
}
