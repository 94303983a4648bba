package dev.userapi.pipeline.local;

import dev.userapi.pipeline.local.LocalApp.ApiRoute;
import dev.userapi.pipeline.local.LocalApp.LocalFunction;
import dev.userapi.pipeline.template.Template;
import dev.userapi.pipeline.template.TemplateParser;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * `pipeline local` as a running thing: the template read into a {@link LocalApp}, each handler
 * checked in the artifact, the HTTP port bound, the DynamoDB engine started (or the named endpoint
 * used) with the template's tables, then the local gateway serving. Anything that fails on the way
 * stops what was already started.
 */
public final class LocalServer implements AutoCloseable {
    private final LocalApp app;
    private final Server http;
    private final ServerConnector connector;
    private final LocalDynamoDb dynamoDb;
    private final Map<String, FunctionRuntime> functions;
    private final List<Boolean> tablesCreated;
    private final List<String> unroutable;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();

    private LocalServer(LocalApp app, Server http, ServerConnector connector, LocalDynamoDb dynamoDb,
                        Map<String, FunctionRuntime> functions, List<Boolean> tablesCreated, List<String> unroutable) {
        this.app = app;
        this.http = http;
        this.connector = connector;
        this.dynamoDb = dynamoDb;
        this.functions = functions;
        this.tablesCreated = tablesCreated;
        this.unroutable = unroutable;
    }

    /**
     * @param log where request lines and gateway errors go (stderr for the CLI)
     * @throws dev.userapi.pipeline.template.TemplateException for a template that cannot be read or served
     * @throws LocalException for a bad flag, artifact or missing Node.js (BAD_INPUT) or a port or engine
     *                        failure (SERVER)
     */
    public static LocalServer start(LocalSettings settings, PrintWriter log) {
        if (settings.dynamoDbEndpoint() != null && settings.dataDir() != null) {
            throw LocalException.badInput("--data keeps the built-in engine's tables; with --dynamodb-endpoint the tables "
                    + "live at that endpoint: drop one of the two");
        }
        Template template = TemplateParser.parse(settings.template());
        LocalApp app = LocalAppReader.read(template, settings.parameters());
        URL[] code = code(settings.artifact());
        String artifactName = settings.artifact().toString();
        for (LocalFunction f : app.functions().values()) {
            new FunctionRuntime(f, code, Map.of()).verify(artifactName);
        }
        List<String> unroutable = unroutable(app);

        InetSocketAddress address = address(settings.host(), settings.port());
        LocalDynamoDb dynamoDb = null;
        Server http = null;
        Map<String, FunctionRuntime> functions = new LinkedHashMap<>();
        try {
            String region = app.environment().region();
            dynamoDb = settings.dynamoDbEndpoint() == null ? LocalDynamoDb.dynalite(settings.dataDir(), region, log)
                    : LocalDynamoDb.external(settings.dynamoDbEndpoint(), settings.profile(), region);
            List<Boolean> created = provision(dynamoDb, app);
            for (LocalFunction f : app.functions().values()) {
                functions.put(f.logicalId(), new FunctionRuntime(f, code, FunctionRuntime.environment(f, dynamoDb)));
            }
            LambdaLogging.install();
            http = server(log);
            ServerConnector connector = connector(http, address);
            http.setHandler(new LocalGateway(app, functions, log));
            bind(http, address);
            return new LocalServer(app, http, connector, dynamoDb, functions, created, unroutable);
        } catch (RuntimeException e) {
            stopQuietly(http);
            functions.values().forEach(FunctionRuntime::close);
            if (dynamoDb != null) {
                dynamoDb.close();
            }
            throw e;
        }
    }

    private static List<Boolean> provision(LocalDynamoDb dynamoDb, LocalApp app) {
        try {
            return TableProvisioner.provision(dynamoDb, app.tables());
        } catch (LocalException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new LocalException(LocalException.Kind.SERVER, dynamoDb.description() + " could not create the tables: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Jetty, set up to behave as API Gateway's front door: header names keep the case they were sent
     * in, every request path reaches the gateway (which decides what a doubled slash or a broken
     * escape means), errors the server itself must answer are JSON, and no Server header. Requests run
     * on virtual threads, as a function call blocks.
     */
    private static Server server(PrintWriter log) {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("pipeline-local");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server server = new Server(threads);
        server.setErrorHandler(new GatewayErrorHandler(log));
        server.setStopTimeout(0);
        return server;
    }

    private static ServerConnector connector(Server server, InetSocketAddress address) {
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        config.setHttpCompliance(HttpCompliance.RFC9110.with("API Gateway", HttpCompliance.Violation.CASE_SENSITIVE_FIELD_NAME));
        config.setUriCompliance(UriCompliance.UNSAFE);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config));
        connector.setHost(address.getAddress().getHostAddress());
        connector.setPort(address.getPort());
        server.addConnector(connector);
        return connector;
    }

    private static void stopQuietly(Server server) {
        if (server == null) {
            return;
        }
        try {
            server.stop();
        } catch (Exception ignored) {
            // Already failing; the error that matters is being thrown.
        }
    }

    private static URL[] code(Path artifact) {
        if (!Files.isRegularFile(artifact)) {
            throw LocalException.badInput("the functions artifact " + artifact + " does not exist; build it with "
                    + "`./mvnw -B -DskipTests package` at the repository root (bin/pipeline builds it when missing), "
                    + "or pass --artifact JAR");
        }
        try {
            return new URL[] {artifact.toUri().toURL()};
        } catch (MalformedURLException e) {
            throw LocalException.badInput("--artifact " + artifact + ": " + e.getMessage());
        }
    }

    private static InetSocketAddress address(String host, int port) {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw LocalException.badInput("--host " + host + ": not an address of this machine");
        }
        return address;
    }

    private static void bind(Server server, InetSocketAddress address) {
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            Throwable cause = e;
            while (cause != null && !(cause instanceof BindException)) {
                cause = cause.getCause();
            }
            String where = address.getAddress().getHostAddress() + ":" + address.getPort();
            if (cause != null) {
                throw new LocalException(LocalException.Kind.SERVER, "port " + address.getPort() + " on "
                        + address.getAddress().getHostAddress() + " is in use (" + e.getMessage()
                        + "); stop what listens there or choose another with --port", e);
            }
            throw new LocalException(LocalException.Kind.SERVER, "cannot listen on " + where + ": " + e.getMessage(), e);
        }
    }

    /**
     * The routes API Gateway could not invoke for want of a permission, checked with a sample request
     * (path parameters set to "sample"; an ANY method as GET). Every request is checked again.
     */
    private static List<String> unroutable(LocalApp app) {
        InvokePermissions permissions = new InvokePermissions(app);
        List<String> out = new ArrayList<>();
        for (ApiRoute r : app.routes()) {
            if (r.functionLogicalId() == null) {
                out.add(r.httpMethod() + " " + r.resourcePath() + ": " + r.unsupported());
                continue;
            }
            String method = r.httpMethod().equals("ANY") ? "GET" : r.httpMethod();
            String path = r.resourcePath().replaceAll("\\{[^}]+}", "sample");
            InvokePermissions.Decision d = permissions.decide(app.functions().get(r.functionLogicalId()), r.qualifier(), method, path);
            if (!d.allowed()) {
                out.add(r.httpMethod() + " " + r.resourcePath() + ": API Gateway may not invoke " + r.target()
                        + " (answers 500, \"Invalid permissions on Lambda function\"): " + String.join("; ", d.reasons()));
            }
        }
        return out;
    }

    public LocalApp app() {
        return app;
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:3000}; a wildcard bind is shown as 127.0.0.1. */
    public URI url() {
        String host;
        try {
            InetAddress bound = InetAddress.getByName(connector.getHost());
            host = bound.isAnyLocalAddress() ? "127.0.0.1" : bound.getHostAddress();
        } catch (UnknownHostException e) {
            host = connector.getHost();
        }
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
    }

    public URI dynamoDbEndpoint() {
        return dynamoDb.endpoint();
    }

    /** How the banner names the DynamoDB engine, e.g. {@code dynalite in memory}. */
    public String dynamoDbDescription() {
        return dynamoDb.description();
    }

    /** Whether each of {@link LocalApp#tables()} was created now (false: it was in the data directory). */
    public List<Boolean> tablesCreated() {
        return tablesCreated;
    }

    /** The routes that will answer 500 because a permission or the integration does not allow them. */
    public List<String> unroutable() {
        return unroutable;
    }

    /** How many times the function was invoked; a request refused by the gateway does not count. */
    public long invocations(String functionLogicalId) {
        FunctionRuntime f = functions.get(functionLogicalId);
        return f == null ? 0 : f.invocations();
    }

    /** The environment the function's handler is constructed with. */
    public Map<String, String> environment(String functionLogicalId) {
        return functions.get(functionLogicalId).environment();
    }

    /** Blocks until {@link #close()} has run (from a shutdown hook, another thread, or a test). */
    public void awaitClose() throws InterruptedException {
        stopped.await();
    }

    /** Stops serving, then the functions, then the DynamoDB engine. Safe to call more than once. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        try {
            stopQuietly(http);
            functions.values().forEach(FunctionRuntime::close);
            dynamoDb.close();
        } finally {
            stopped.countDown();
        }
    }
}
