package dev.userapi.dynalite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class DynaliteTest {

    @Test
    void servesDynamoDbsApiOnTheLoopbackAndStopsWhenClosed() {
        List<String> progress = new ArrayList<>();
        Dynalite dynalite = Dynalite.start(null, progress::add);
        try (dynalite; DynamoDbClient client = client(dynalite.endpoint())) {
            assertEquals("127.0.0.1", dynalite.endpoint().getHost());
            createUsers(client);
            client.putItem(b -> b.tableName("users").item(Map.of("id", s("1"), "name", s("John Doe"))));
            // The conditional put the create-user function relies on: an existing id is never overwritten.
            assertThrows(ConditionalCheckFailedException.class, () -> client.putItem(b -> b.tableName("users")
                    .item(Map.of("id", s("1"), "name", s("Jane Roe"))).conditionExpression("attribute_not_exists(id)")));
            assertEquals("John Doe", client.getItem(b -> b.tableName("users").key(Map.of("id", s("1")))).item().get("name").s());
        }
        assertFalse(dynalite.isAlive(), "the node process outlived close()");
    }

    /**
     * pipeline local served for a minute and then never again: dynalite's pipe readers were virtual
     * threads, and a virtual thread blocked reading a pipe holds its carrier, so on a 2-core machine
     * they held both and Jetty's request threads never ran. They must be platform threads, which the
     * JVM lists in {@link Thread#getAllStackTraces()} (virtual threads are never listed there).
     */
    @Test
    void itsPipeReadersAreDaemonPlatformThreadsSoTheyHoldNoVirtualThreadCarrier() {
        try (Dynalite dynalite = Dynalite.start(null, line -> { })) {
            List<Thread> readers = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("dynalite-stderr") || t.getName().equals("dynalite-stdout")).toList();
            assertEquals(List.of("dynalite-stderr", "dynalite-stdout"),
                    readers.stream().map(Thread::getName).distinct().sorted().toList(), "the readers, as platform threads");
            readers.forEach(t -> assertTrue(t.isDaemon() && !t.isVirtual(), t.getName()));
            assertTrue(dynalite.isAlive());
        }
    }

    @Test
    void aDataDirectoryKeepsTablesAcrossRestarts(@TempDir Path data) {
        try (Dynalite first = Dynalite.start(data, line -> { }); DynamoDbClient client = client(first.endpoint())) {
            createUsers(client);
            client.putItem(b -> b.tableName("users").item(Map.of("id", s("7"), "name", s("kept"))));
        }
        try (Dynalite second = Dynalite.start(data, line -> { }); DynamoDbClient client = client(second.endpoint())) {
            assertEquals(data.toAbsolutePath(), second.dataDir());
            assertEquals("kept", client.getItem(b -> b.tableName("users").key(Map.of("id", s("7")))).item().get("name").s());
        }
    }

    @Test
    void noNodeOnThePathSaysWhatToInstallAndTheAlternative() {
        DynaliteException e = assertThrows(DynaliteException.class, () -> NodeJs.check("no-such-node-for-dynalite"));
        assertEquals(DynaliteException.Kind.NODE_MISSING, e.kind());
        assertTrue(e.getMessage().contains("Node.js 20+"), e.getMessage());
        assertTrue(e.getMessage().contains("--dynamodb-endpoint"), e.getMessage());
    }

    @Test
    void anOlderNodeIsRefusedNamingItsVersion(@TempDir Path dir) throws Exception {
        Path fake = dir.resolve("node");
        Files.writeString(fake, "#!/bin/sh\necho v18.19.1\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        DynaliteException e = assertThrows(DynaliteException.class, () -> NodeJs.check(fake.toString()));
        assertEquals(DynaliteException.Kind.NODE_MISSING, e.kind());
        assertTrue(e.getMessage().contains("v18.19.1"), e.getMessage());
        assertTrue(e.getMessage().contains("install Node.js 20 or newer"), e.getMessage());
    }

    @Test
    void theCacheIsWhereTheEnvironmentSays() {
        assertEquals(Path.of("/c/p"), DynaliteInstall.cacheRoot(Map.of("PIPELINE_CACHE_DIR", "/c/p", "XDG_CACHE_HOME", "/x"), "/h"));
        assertEquals(Path.of("/x/user-api"), DynaliteInstall.cacheRoot(Map.of("XDG_CACHE_HOME", "/x"), "/h"));
        assertEquals(Path.of("/h/.cache/user-api"), DynaliteInstall.cacheRoot(Map.of(), "/h"));
        assertTrue(DynaliteInstall.installDir(Path.of("/c")).getFileName().toString().matches("dynalite-[0-9a-f]{12}"));
    }

    private static void createUsers(DynamoDbClient client) {
        client.createTable(b -> b.tableName("users").billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
    }

    private static DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }
}
