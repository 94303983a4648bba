package dev.userapi.pipeline.local;

import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * DynamoDB Local running inside this JVM, on a free port of 127.0.0.1 only.
 *
 * <p>DynamoDB Local's own launcher ({@code ServerRunner}) listens on every interface and may send
 * telemetry; this wires the same request handler into a Jetty server bound to the loopback address,
 * so the local tables are never reachable from the network. In memory by default; with a data
 * directory the tables live in {@code shared-local-instance.db} there and survive restarts. One shared
 * database ({@code -sharedDb}) so the AWS CLI sees the same tables whatever its credentials and region.
 */
final class EmbeddedDynamoDb implements AutoCloseable {
    static final String LIBRARY_PATH_PROPERTY = "sqlite4java.library.path";

    private final Server server;
    private final LocalDynamoDBServerHandler handler;
    private final URI endpoint;

    private EmbeddedDynamoDb(Server server, LocalDynamoDBServerHandler handler, URI endpoint) {
        this.server = server;
        this.handler = handler;
        this.endpoint = endpoint;
    }

    /** @param dataDir where to keep the tables, or null to keep them in memory */
    static EmbeddedDynamoDb start(Path dataDir) {
        configureNativeLibrary();
        if (dataDir != null) {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw LocalException.badInput("--data " + dataDir + ": cannot create the directory: " + e.getMessage());
            }
        }
        LocalDynamoDBServerHandler handler;
        try {
            LocalDynamoDBRequestHandler requests = new LocalDynamoDBRequestHandler(0, dataDir == null,
                    dataDir == null ? null : dataDir.toAbsolutePath().toString(), true, false);
            handler = new LocalDynamoDBServerHandler(requests, null);
        } catch (Exception e) {
            throw new LocalException(LocalException.Kind.SERVER, "DynamoDB Local did not start: " + e.getMessage(), e);
        }
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("dynamodb-local");
        threads.setDaemon(true);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ContextHandler context = new ContextHandler();
        context.setHandler(handler);
        server.setHandler(new ContextHandlerCollection(context));
        try {
            server.start();
            return new EmbeddedDynamoDb(server, handler,
                    new URI("http", null, "127.0.0.1", connector.getLocalPort(), null, null, null));
        } catch (Exception e) {
            handler.close();
            throw new LocalException(LocalException.Kind.SERVER, "DynamoDB Local did not start: " + e.getMessage(), e);
        }
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // Stopping is best effort at shutdown; the handler below still closes the database.
        }
        handler.close();
    }

    /**
     * DynamoDB Local stores tables with sqlite4java, which loads a native library from the directory
     * named by the {@code sqlite4java.library.path} system property. The build copies the libraries to
     * {@code native-libs} next to the pipeline's code ({@code target/pipeline.jar} or
     * {@code target/classes}); unless the property is set already, it is pointed there.
     */
    static void configureNativeLibrary() {
        if (System.getProperty(LIBRARY_PATH_PROPERTY) != null) {
            return;
        }
        Path dir = nativeLibraryDir();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new LocalException(LocalException.Kind.SERVER, "DynamoDB Local needs the sqlite4java native library, "
                    + "expected in " + (dir == null ? "native-libs next to the pipeline jar" : dir)
                    + "; build with ./mvnw -B -DskipTests package, or pass -D" + LIBRARY_PATH_PROPERTY + "=DIR");
        }
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        if (os.contains("linux") && !arch.equals("amd64") && !arch.equals("x86_64") && !arch.equals("i386") && !arch.equals("x86")) {
            // sqlite4java 1.0.392, the version DynamoDB Local depends on, ships no Linux library for other CPUs.
            throw new LocalException(LocalException.Kind.SERVER, "DynamoDB Local's sqlite4java has no native library for linux/"
                    + arch + "; run pipeline local on x86-64 Linux, macOS or Windows");
        }
        System.setProperty(LIBRARY_PATH_PROPERTY, dir.toString());
    }

    private static Path nativeLibraryDir() {
        try {
            var source = EmbeddedDynamoDb.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return null;
            }
            Path code = Path.of(source.getLocation().toURI());
            Path parent = code.toAbsolutePath().getParent();
            return parent == null ? null : parent.resolve("native-libs");
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
