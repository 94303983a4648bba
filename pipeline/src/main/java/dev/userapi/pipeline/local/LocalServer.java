package dev.userapi.pipeline.local;

import com.sun.net.httpserver.HttpServer;
import dev.userapi.pipeline.local.LocalApp.ApiRoute;
import dev.userapi.pipeline.local.LocalApp.LocalFunction;
import dev.userapi.pipeline.template.Template;
import dev.userapi.pipeline.template.TemplateParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * `pipeline local` as a running thing: the template read into a {@link LocalApp}, each handler
 * checked in the artifact, the HTTP port bound, DynamoDB Local started with the template's tables, then
 * the local gateway serving. Anything that fails on the way stops what was already started.
 */
public final class LocalServer implements AutoCloseable {
    private final LocalApp app;
    private final HttpServer http;
    private final ExecutorService requests;
    private final EmbeddedDynamoDb dynamoDb;
    private final Map<String, FunctionRuntime> functions;
    private final List<Boolean> tablesCreated;
    private final List<String> unroutable;
    private final Path dataDir;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();

    private LocalServer(LocalApp app, HttpServer http, ExecutorService requests, EmbeddedDynamoDb dynamoDb,
                        Map<String, FunctionRuntime> functions, List<Boolean> tablesCreated, List<String> unroutable,
                        Path dataDir) {
        this.app = app;
        this.http = http;
        this.requests = requests;
        this.dynamoDb = dynamoDb;
        this.functions = functions;
        this.tablesCreated = tablesCreated;
        this.unroutable = unroutable;
        this.dataDir = dataDir;
    }

    /**
     * @param log where request lines and gateway errors go (stderr for the CLI)
     * @throws dev.userapi.pipeline.template.TemplateException for a template that cannot be read or served
     * @throws LocalException for a bad flag or artifact (BAD_INPUT) or a port or DynamoDB Local failure (SERVER)
     */
    public static LocalServer start(LocalSettings settings, PrintWriter log) {
        Template template = TemplateParser.parse(settings.template());
        LocalApp app = LocalAppReader.read(template, settings.parameters());
        URL[] code = code(settings.artifact());
        String artifactName = settings.artifact().toString();
        for (LocalFunction f : app.functions().values()) {
            new FunctionRuntime(f, code, Map.of()).verify(artifactName);
        }
        List<String> unroutable = unroutable(app);

        HttpServer http = bind(settings.host(), settings.port());
        EmbeddedDynamoDb dynamoDb = null;
        Map<String, FunctionRuntime> functions = new LinkedHashMap<>();
        try {
            dynamoDb = EmbeddedDynamoDb.start(settings.dataDir());
            List<Boolean> created = provision(dynamoDb.endpoint(), app);
            for (LocalFunction f : app.functions().values()) {
                functions.put(f.logicalId(), new FunctionRuntime(f, code,
                        FunctionRuntime.environment(f, app.environment(), dynamoDb.endpoint())));
            }
            LambdaLogging.install();
            ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
            http.createContext("/", new LocalGateway(app, functions, log));
            http.setExecutor(requests);
            http.start();
            return new LocalServer(app, http, requests, dynamoDb, functions, created, unroutable, settings.dataDir());
        } catch (RuntimeException e) {
            http.stop(0);
            functions.values().forEach(FunctionRuntime::close);
            if (dynamoDb != null) {
                dynamoDb.close();
            }
            throw e;
        }
    }

    private static List<Boolean> provision(URI endpoint, LocalApp app) {
        try {
            return TableProvisioner.provision(endpoint, app.environment(), app.tables());
        } catch (LocalException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new LocalException(LocalException.Kind.SERVER, "DynamoDB Local could not create the tables: " + e.getMessage()
                    + (String.valueOf(e).contains("sqlite4java") ? " (its sqlite4java native library did not load: "
                    + System.getProperty(EmbeddedDynamoDb.LIBRARY_PATH_PROPERTY) + ")" : ""), e);
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

    private static HttpServer bind(String host, int port) {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw LocalException.badInput("--host " + host + ": not an address of this machine");
        }
        try {
            return HttpServer.create(address, 0);
        } catch (BindException e) {
            throw new LocalException(LocalException.Kind.SERVER, "port " + port + " on " + host
                    + " is in use (" + e.getMessage() + "); stop what listens there or choose another with --port", e);
        } catch (IOException e) {
            throw new LocalException(LocalException.Kind.SERVER, "cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
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
            InvokePermissions.Decision d = permissions.decide(app.functions().get(r.functionLogicalId()), method, path);
            if (!d.allowed()) {
                out.add(r.httpMethod() + " " + r.resourcePath() + ": API Gateway may not invoke " + r.functionLogicalId()
                        + " (answers 500, \"Invalid permissions on Lambda function\"): " + String.join("; ", d.reasons()));
            }
        }
        return out;
    }

    public LocalApp app() {
        return app;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:3000}; a wildcard bind is shown as 127.0.0.1. */
    public URI url() {
        InetSocketAddress a = http.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort());
    }

    public URI dynamoDbEndpoint() {
        return dynamoDb.endpoint();
    }

    /** Whether each of {@link LocalApp#tables()} was created now (false: it was in the data directory). */
    public List<Boolean> tablesCreated() {
        return tablesCreated;
    }

    /** The routes that will answer 500 because a permission or the integration does not allow them. */
    public List<String> unroutable() {
        return unroutable;
    }

    public Path dataDir() {
        return dataDir;
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

    /** Stops serving, then the functions, then DynamoDB Local. Safe to call more than once. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        try {
            http.stop(0);
            requests.shutdownNow();
            functions.values().forEach(FunctionRuntime::close);
            dynamoDb.close();
        } finally {
            stopped.countDown();
        }
    }
}
