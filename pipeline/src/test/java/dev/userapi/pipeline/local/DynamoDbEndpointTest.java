package dev.userapi.pipeline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pipeline local --dynamodb-endpoint} against moto_server, an independent implementation of
 * DynamoDB's wire protocol, started here when it is on the PATH (skipped, saying so, when it is not).
 */
class DynamoDbEndpointTest {
    private static Process moto;
    private static URI endpoint;

    @BeforeAll
    static void startMoto() throws Exception {
        boolean onPath = System.getenv("PATH") != null && List.of(System.getenv("PATH").split(java.io.File.pathSeparator))
                .stream().anyMatch(d -> Files.isExecutable(Path.of(d, "moto_server")));
        if (!onPath) {
            System.err.println("DynamoDbEndpointTest: moto_server is not on the PATH; skipping the --dynamodb-endpoint tests");
        }
        assumeTrue(onPath, "moto_server is not on the PATH");
        int port = Fixtures.freePort();
        moto = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                break;
            } catch (IOException notYet) {
                if (!moto.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("moto_server did not start on port " + port);
                }
                Thread.sleep(100);
            }
        }
        endpoint = URI.create("http://127.0.0.1:" + port);
    }

    @AfterAll
    static void stopMoto() throws InterruptedException {
        if (moto != null) {
            moto.destroy();
            if (!moto.waitFor(10, TimeUnit.SECONDS)) {
                moto.destroyForcibly();
            }
        }
    }

    private static LocalServer start(Path template) {
        return LocalServer.start(new LocalSettings(template, Fixtures.artifact(), "127.0.0.1", 0, null, Map.of(), endpoint, null),
                new Fixtures.Log().writer);
    }

    @Test
    void theTablesAreCreatedThereKeptOnTheNextStartAndTheWalkThroughHolds() {
        try (LocalServer first = start(Fixtures.template())) {
            assertEquals(endpoint, first.dynamoDbEndpoint());
            assertEquals(List.of(true), first.tablesCreated());
            Fixtures.Http http = new Fixtures.Http(first.url());
            assertEquals(201, http.postJson("/users", "{\"id\":\"moto-1\",\"name\":\"John Doe\"}").statusCode());
            assertEquals(409, http.postJson("/users", "{\"id\":\"moto-1\",\"name\":\"Jane Roe\"}").statusCode());
            assertEquals("{\"id\":\"moto-1\",\"name\":\"John Doe\"}", http.get("/users/moto-1").body());
        }
        try (LocalServer second = start(Fixtures.template())) {
            assertEquals(List.of(false), second.tablesCreated(), "the table is there: kept, with its items");
            Fixtures.Http http = new Fixtures.Http(second.url());
            assertEquals(200, http.get("/users/moto-1").statusCode());
            assertEquals(204, http.send("DELETE", "/users/moto-1", null).statusCode());
            assertEquals(404, http.get("/users/moto-1").statusCode());
        }
    }

    @Test
    void aTableThereWithAnotherKeySchemaIsRefusedNotDropped(@TempDir Path dir) throws IOException {
        start(Fixtures.template()).close();
        Path pk = dir.resolve("pk.yaml");
        Files.writeString(pk, Files.readString(Fixtures.template()).replace("AttributeName: id\n          KeyType: HASH",
                "AttributeName: pk\n          KeyType: HASH").replace("AttributeName: id\n          AttributeType: S",
                "AttributeName: pk\n          AttributeType: S"));
        LocalException e = assertThrows(LocalException.class, () -> start(pk));
        assertEquals(LocalException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().contains("(" + endpoint + ") has the key [id HASH]"), e.getMessage());
    }
}
