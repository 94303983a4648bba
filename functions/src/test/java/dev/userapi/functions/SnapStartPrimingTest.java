package dev.userapi.functions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SnapStart hooks: beforeCheckpoint makes the route's DynamoDB call and logs, changes no data,
 * and leaves no connection of this JVM open to DynamoDB; the handler serves normally afterwards.
 * A real checkpoint and restore need Lambda (or a CRaC JVM); the hooks are called as Lambda calls
 * them.
 */
@ExtendWith(LocalDynamoDb.Extension.class)
class SnapStartPrimingTest {

    @Test
    void aServedRequestLeavesAnIdleConnectionSoTheCountBelowCanSeeOne(LocalDynamoDb dynamoDb) {
        Map<String, String> environment = ownHost(dynamoDb, dynamoDb.createUsersTable(), "[::ffff:127.0.0.1]");
        try (GetUserHandler handler = new GetUserHandler(environment)) {
            Set<Long> before = openConnections(dynamoDb);
            handler.handleRequest(ApiEvents.getUser("nobody"), ApiEvents.context());
            Set<Long> after = openConnections(dynamoDb);
            after.removeAll(before);
            assertFalse(after.isEmpty(), "the JDK keeps the connection of a served request for reuse");
        }
    }

    @Test
    void primingEachRouteLeavesNoConnectionOpenAndNoData(LocalDynamoDb dynamoDb) {
        String table = dynamoDb.createUsersTable();
        Map<String, String> environment = ownHost(dynamoDb, table, "localhost");
        for (ApiHandler handler : List.<ApiHandler>of(new CreateUserHandler(environment),
                new GetUserHandler(environment), new DeleteUserHandler(environment))) {
            try (handler; CapturedOutput output = new CapturedOutput()) {
                Set<Long> before = openConnections(dynamoDb);
                handler.beforeCheckpoint(null);
                Set<Long> after = openConnections(dynamoDb);
                after.removeAll(before);
                assertEquals(Set.of(), after, () -> handler.getClass().getSimpleName() + " left connections open");
                assertTrue(output.lines().stream().anyMatch(l -> l.contains("primed for the SnapStart snapshot")),
                        () -> "the hook ran and logged: " + output.lines());

                handler.afterRestore(null);
                after = openConnections(dynamoDb);
                after.removeAll(before);
                assertEquals(Set.of(), after, "afterRestore opens nothing");
            }
        }
        assertTrue(dynamoDb.item(table, UserRepository.PRIMING_ID).isEmpty(), "priming wrote nothing");
    }

    @Test
    void theHandlerServesAfterTheHooks(LocalDynamoDb dynamoDb) {
        String table = dynamoDb.createUsersTable();
        try (CreateUserHandler handler = new CreateUserHandler(dynamoDb.environment(table))) {
            handler.beforeCheckpoint(null);
            handler.afterRestore(null);
            var response = handler.handleRequest(ApiEvents.createUser("{\"id\":\"after-restore\",\"name\":\"Ada\"}"),
                    ApiEvents.context());
            assertEquals(201, response.getStatusCode(), response::getBody);
        }
    }

    /**
     * The handlers' environment with the endpoint under a host name of its own (each test another,
     * and not the tests' client's 127.0.0.1): the JDK reuses idle connections per host name and
     * port, so the handlers' connections are new ones and a connection left open shows up as new.
     */
    private static Map<String, String> ownHost(LocalDynamoDb dynamoDb, String table, String host) {
        Map<String, String> environment = new java.util.HashMap<>(dynamoDb.environment(table));
        java.net.URI endpoint = dynamoDb.endpoint();
        environment.put("AWS_ENDPOINT_URL_DYNAMODB", "http://" + host + ":" + endpoint.getPort());
        return environment;
    }

    /**
     * This JVM's established TCP connections to the local DynamoDB, by socket inode: the sockets
     * among /proc/self/fd matched against the kernel's TCP tables (Linux, as on Lambda and CI).
     */
    private static Set<Long> openConnections(LocalDynamoDb dynamoDb) {
        String port = String.format("%04X", dynamoDb.endpoint().getPort());
        Set<Long> ours = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        ours.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    }
                } catch (IOException | UnsupportedOperationException gone) {
                    // Closed while listing.
                }
            });
            Set<Long> established = new HashSet<>();
            for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
                Path path = Path.of(table);
                if (!Files.exists(path)) {
                    continue;
                }
                List<String> lines = Files.readAllLines(path);
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.trim().split("\\s+");
                    boolean toDynamoDb = f[2].endsWith(":" + port);
                    long inode = Long.parseLong(f[9]);
                    if (toDynamoDb && "01".equals(f[3]) && ours.contains(inode)) {
                        established.add(inode);
                    }
                }
            }
            return established;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
