package dev.userapi.pipeline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userapi.pipeline.template.TemplateException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting, refusing to start, and stopping: permissions that do not match, kept data, a busy port, a bad artifact. */
class LocalServerLifecycleTest {

    private static LocalServer start(Path template, Path dataDir, Fixtures.Log log) {
        return LocalServer.start(new LocalSettings(template, Fixtures.artifact(), "127.0.0.1", 0, dataDir, Map.of(), null, null), log.writer);
    }

    @Test
    void aPermissionWhoseSourceArnDoesNotMatchGets500AndNoHandlerCall(@TempDir Path dir) throws IOException {
        Path template = Fixtures.template(dir, "/*/POST/users", "/*/POST/people");
        Fixtures.Log log = new Fixtures.Log();
        try (LocalServer server = start(template, null, log)) {
            assertTrue(server.unroutable().stream().anyMatch(u -> u.startsWith("POST /users: API Gateway may not invoke CreateUserFunction")),
                    server.unroutable().toString());
            Fixtures.Http http = new Fixtures.Http(server.url());
            HttpResponse<String> r = http.postJson("/users", "{\"id\":\"7\",\"name\":\"Nobody\"}");
            assertEquals(500, r.statusCode());
            assertEquals("{\"message\": \"Internal server error\"}", r.body());
            assertEquals("InternalServerErrorException", r.headers().firstValue("x-amzn-ErrorType").orElseThrow());
            assertEquals(0, server.invocations("CreateUserFunction"), "the gateway never called the handler");

            String logged = log.after(r);
            String requestArn = "arn:aws:execute-api:us-east-1:123456789012:" + server.app().api().id() + "/test/POST/users";
            assertTrue(logged.contains("Invalid permissions on Lambda function CreateUserFunction; request " + requestArn), logged);
            assertTrue(logged.contains("CreateUserPermission (" + template + ":"), logged);
            assertTrue(logged.contains("/*/POST/people does not match " + requestArn), logged);

            assertEquals(404, http.get("/users/7").statusCode(), "other routes keep working, and nothing was stored");
            assertEquals(1, server.invocations("GetUserFunction"));
        }
    }

    @Test
    void withDataTheTablesAndItemsOutliveTheServer(@TempDir Path dir) {
        Path data = dir.resolve("ddb");
        try (LocalServer first = start(Fixtures.template(), data, new Fixtures.Log())) {
            assertEquals(List.of(true), first.tablesCreated());
            assertEquals(201, new Fixtures.Http(first.url()).postJson("/users", "{\"id\":\"kept\",\"name\":\"Kept\"}").statusCode());
        }
        assertTrue(Files.exists(data.resolve("CURRENT")), "dynalite's LevelDB store is in the directory");
        try (LocalServer second = start(Fixtures.template(), data, new Fixtures.Log())) {
            assertEquals(List.of(false), second.tablesCreated(), "the table exists: not created again");
            HttpResponse<String> r = new Fixtures.Http(second.url()).get("/users/kept");
            assertEquals(200, r.statusCode());
            assertEquals("{\"id\":\"kept\",\"name\":\"Kept\"}", r.body());
        }
    }

    @Test
    void keptDataWithAnotherKeySchemaIsRefusedNotDropped(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("ddb");
        start(Fixtures.template(), data, new Fixtures.Log()).close();
        Path other = Fixtures.template(dir, "AttributeName: id\n          KeyType: HASH", "AttributeName: pk\n          KeyType: HASH");
        Files.writeString(other, Files.readString(other).replace("AttributeName: id\n          AttributeType: S",
                "AttributeName: pk\n          AttributeType: S"));
        LocalException e = assertThrows(LocalException.class, () -> start(other, data, new Fixtures.Log()));
        assertEquals(LocalException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().contains("table fixture-local-UsersTable (dynalite in " + data + ") has the key [id HASH]"),
                e.getMessage());
        assertTrue(e.getMessage().contains("has pk HASH S"), e.getMessage());
    }

    @Test
    void aPathPartApiGatewayRefusesIsRefusedAtItsLineAndNothingStarts(@TempDir Path dir) throws IOException {
        Path template = Fixtures.template(dir, "PathPart: \"echo\"", "PathPart: \"map tiles\"");
        TemplateException e = assertThrows(TemplateException.class, () -> start(template, null, new Fixtures.Log()));
        assertEquals(template + ":251: EchoResource: PathPart 'map tiles' is refused by API Gateway: a path part is one "
                + "segment of the characters a-z A-Z 0-9 . _ - : or a path variable {name} or greedy {name+}; it has a space",
                e.describe());
    }

    @Test
    void dataAndAnEndpointAreRefusedTogether(@TempDir Path dir) {
        LocalException e = assertThrows(LocalException.class, () -> LocalServer.start(new LocalSettings(Fixtures.template(),
                Fixtures.artifact(), "127.0.0.1", 0, dir, Map.of(), URI.create("http://127.0.0.1:1"), null), new Fixtures.Log().writer));
        assertEquals(LocalException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().contains("--dynamodb-endpoint"), e.getMessage());
    }

    @Test
    void aBusyPortIsNamedWithTheFlagToChangeIt() throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = busy.getLocalPort();
            LocalException e = assertThrows(LocalException.class, () -> LocalServer.start(
                    new LocalSettings(Fixtures.template(), Fixtures.artifact(), "127.0.0.1", port, null, Map.of(), null, null), new Fixtures.Log().writer));
            assertEquals(LocalException.Kind.SERVER, e.kind());
            assertTrue(e.getMessage().startsWith("port " + port + " on 127.0.0.1 is in use"), e.getMessage());
            assertTrue(e.getMessage().contains("--port"), e.getMessage());
        }
    }

    @Test
    void aMissingArtifactSaysHowToBuildIt(@TempDir Path dir) {
        LocalException e = assertThrows(LocalException.class, () -> LocalServer.start(
                new LocalSettings(Fixtures.template(), dir.resolve("none.jar"), "127.0.0.1", 0, null, Map.of(), null, null), new Fixtures.Log().writer));
        assertEquals(LocalException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().contains("./mvnw -B -DskipTests package"), e.getMessage());
    }

    @Test
    void aHandlerMissingFromTheArtifactOrWithoutTheMapConstructorFailsAtStartup(@TempDir Path dir) throws IOException {
        Path missing = Fixtures.template(dir, "fixture.CreateUser::handleRequest", "fixture.NoSuchHandler::handleRequest");
        LocalException e = assertThrows(LocalException.class, () -> start(missing, null, new Fixtures.Log()));
        assertTrue(e.getMessage().startsWith("CreateUserFunction: its Handler class dev.userapi.pipeline.local.fixture.NoSuchHandler is not in"),
                e.getMessage());

        Path noCtor = Fixtures.template(dir, "fixture.CreateUser::handleRequest", "fixture.Users::handleRequest");
        LocalException c = assertThrows(LocalException.class, () -> start(noCtor, null, new Fixtures.Log()));
        assertTrue(c.getMessage().contains("has no public constructor (java.util.Map<String,String> environment)"), c.getMessage());

        Path noMethod = Fixtures.template(dir, "fixture.CreateUser::handleRequest", "fixture.CreateUser::handle");
        LocalException m = assertThrows(LocalException.class, () -> start(noMethod, null, new Fixtures.Log()));
        assertTrue(m.getMessage().contains("has no public method handle(APIGatewayProxyRequestEvent[, Context])"), m.getMessage());
    }

    @Test
    void closeStopsServingAndReleasesThePort() throws IOException {
        LocalServer server = start(Fixtures.template(), null, new Fixtures.Log());
        int port = server.port();
        server.close();
        server.close();
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertEquals(port, again.getLocalPort());
        }
    }
}
