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
 * The issue's walk-through against the real thing: cloudformation/app.yaml and the functions artifact
 * the functions module builds. A reactor build (./mvnw verify) builds that module first, so the jar is
 * there; it is required whenever the handlers' sources are in the tree. Only a tree without them yet
 * skips this test, saying so.
 */
class AppEndToEndTest {
    private static LocalServer server;
    private static Fixtures.Http http;

    @BeforeAll
    static void start() {
        Path artifact = Path.of(System.getProperty("userapi.functions.artifact", "../functions/target/user-api-functions.jar"));
        Path sources = Path.of(System.getProperty("userapi.functions.sources", "../functions/src/main/java"));
        if (!Files.isRegularFile(artifact)) {
            if (Files.isDirectory(sources.resolve("dev/userapi/functions"))) {
                fail(artifact + " is missing although the handlers' sources exist: build it first with "
                        + "`./mvnw -B -pl functions -DskipTests package`, or run `./mvnw -B verify` at the root");
            }
            Assumptions.abort("the functions module has no handlers yet (" + sources + "), so there is no " + artifact
                    + " to run; the fixture artifact covers pipeline local meanwhile");
        }
        server = LocalServer.start(new LocalSettings(Fixtures.appTemplate(), artifact, "127.0.0.1", 0, null, Map.of(), null, null),
                new Fixtures.Log().writer);
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
        assertEquals(List.of(), server.unroutable(), "app.yaml's permissions let the API invoke every route");
        HttpResponse<String> created = http.postJson("/users", "{\"id\":\"1\",\"name\":\"John Doe\"}");
        assertEquals(201, created.statusCode(), created.body());

        HttpResponse<String> got = http.get("/users/1");
        assertEquals(200, got.statusCode(), got.body());
        assertEquals("{\"id\":\"1\",\"name\":\"John Doe\"}", got.body());
        assertTrue(got.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));

        HttpResponse<String> conflict = http.postJson("/users", "{\"id\":\"1\",\"name\":\"Someone Else\"}");
        assertEquals(409, conflict.statusCode(), conflict.body());
        assertEquals("{\"id\":\"1\",\"name\":\"John Doe\"}", http.get("/users/1").body(), "the stored name is unchanged");

        assertEquals(204, http.send("DELETE", "/users/1", null).statusCode());
        assertEquals(404, http.get("/users/1").statusCode());
    }

    @Test
    void badInputIs400() {
        assertEquals(400, http.postJson("/users", "{not json").statusCode());
        assertEquals(400, http.postJson("/users", "{\"id\":\"no spaces allowed\",\"name\":\"x\"}").statusCode());
        assertEquals(400, http.postJson("/users", "{\"id\":\"2\"}").statusCode());
    }

    @Test
    void anUnknownRouteIsApiGateways403() {
        HttpResponse<String> r = http.get("/people");
        assertEquals(403, r.statusCode());
        assertEquals("{\"message\":\"Missing Authentication Token\"}", r.body());
        assertEquals(403, http.send("PUT", "/users/1", "{}").statusCode());
    }
}
