package dev.userapi.pipeline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.userapi.pipeline.e2e.MotoServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pipeline local --dynamodb-endpoint} against moto_server, an independent implementation of
 * DynamoDB's wire protocol, started here when it is on the PATH (skipped, saying so, when it is not).
 */
class DynamoDbEndpointTest {
    private static MotoServer moto;
    private static URI endpoint;

    @BeforeAll
    static void startMoto(@TempDir Path dir) throws Exception {
        Optional<Path> exe = MotoServer.executable();
        if (exe.isEmpty()) {
            System.err.println("DynamoDbEndpointTest: moto_server is not on the PATH; skipping the --dynamodb-endpoint tests");
        }
        assumeTrue(exe.isPresent(), "moto_server is not on the PATH");
        moto = MotoServer.start(exe.get(), dir);
        endpoint = moto.endpoint();
    }

    @AfterAll
    static void stopMoto() {
        if (moto != null) {
            moto.close();
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
