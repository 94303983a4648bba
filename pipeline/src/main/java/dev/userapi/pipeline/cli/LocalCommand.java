package dev.userapi.pipeline.cli;

import dev.userapi.pipeline.local.Banner;
import dev.userapi.pipeline.local.LocalEnvironment;
import dev.userapi.pipeline.local.LocalException;
import dev.userapi.pipeline.local.LocalServer;
import dev.userapi.pipeline.local.LocalSettings;
import dev.userapi.pipeline.template.TemplateException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pipeline local}: the app template's API on this machine. The work is in {@code dev.userapi.pipeline.local}. */
@Command(name = "local",
        mixinStandardHelpOptions = true,
        description = "Serve the template's REST API on this machine: each route calls its function's handler "
                + "in-process (from the functions artifact) against dynalite (an open-source DynamoDB engine on "
                + "Node.js 20+, installed on first use) or --dynamodb-endpoint, with the template's tables. Routes, "
                + "handlers, environment variables and tables all come from the template; a route is served only if the "
                + "template's AWS::Lambda::Permission would let the API invoke the function. Stand-ins for AWS: region "
                + LocalEnvironment.REGION + ", account " + LocalEnvironment.ACCOUNT_ID + ", stack <AppName>-local.",
        footer = "%n" + ExitCodes.LOCAL_HELP_SECTION)
public final class LocalCommand implements Callable<Integer> {
    static final String TEMPLATE = "cloudformation/app.yaml";
    static final String ARTIFACT = "functions/target/user-api-functions.jar";

    @Spec
    CommandSpec spec;

    @Option(names = "--template", paramLabel = "FILE",
            description = "The app template (default: " + TEMPLATE + " in this directory or the nearest parent that has one).")
    Path template;

    @Option(names = "--artifact", paramLabel = "JAR",
            description = "The functions artifact (default: " + ARTIFACT + " next to the default template's cloudformation/ directory).")
    Path artifact;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 exposes the API to your network).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "3000",
            description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Keep dynalite's tables in DIR across runs (default: in memory, gone when it stops).")
    Path data;

    @Option(names = "--dynamodb-endpoint", paramLabel = "URL",
            description = "Use this DynamoDB-compatible endpoint instead of starting dynalite (moto_server, LocalStack, "
                    + "ScyllaDB Alternator, or DynamoDB itself, e.g. https://dynamodb.eu-west-1.amazonaws.com). The "
                    + "template's tables are created there, or kept when their key schema matches.")
    URI dynamoDbEndpoint;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "With --dynamodb-endpoint: the AWS profile whose credentials the functions use there "
                    + "(default: the SDK's default chain for an AWS endpoint, stand-ins for any other).")
    String profile;

    @Option(names = {"-p", "--parameter"}, paramLabel = "KEY=VALUE",
            description = "A template parameter value, replacing its Default; repeatable.")
    Map<String, String> parameters = new LinkedHashMap<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (port < 0 || port > 65535) {
            err.println("pipeline local: --port " + port + " is not a port; use 1-65535, or 0 for a free one");
            return ExitCodes.BAD_INPUT;
        }
        if (profile != null && dynamoDbEndpoint == null) {
            err.println("pipeline local: --profile applies to --dynamodb-endpoint; the built-in engine needs no credentials");
            return ExitCodes.BAD_INPUT;
        }
        Path cwd = Path.of("").toAbsolutePath();
        Path root = dev.userapi.pipeline.config.ProjectRoot.find(cwd);
        Path templateFile = template != null ? template : root.resolve(TEMPLATE);
        Path code = relative(cwd, artifact != null ? artifact : root.resolve(ARTIFACT));
        LocalServer server;
        try {
            server = LocalServer.start(new LocalSettings(relative(cwd, templateFile), code, host, port, data, parameters,
                    dynamoDbEndpoint, profile), err);
        } catch (TemplateException e) {
            err.println(e.describe());
            return ExitCodes.BAD_INPUT;
        } catch (LocalException e) {
            err.println("pipeline local: " + e.getMessage());
            return e.kind() == LocalException.Kind.BAD_INPUT ? ExitCodes.BAD_INPUT : ExitCodes.FINDINGS;
        }
        Thread stopOnExit = new Thread(() -> {
            server.close();
            err.println("pipeline local: stopped");
            err.flush();
        }, "pipeline-local-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            server.app().warnings().forEach(w -> err.println("warning: " + w));
            server.unroutable().forEach(u -> err.println("warning: " + u));
            err.flush();
            out.print(Banner.render(server));
            out.flush();
            // Serves until Ctrl-C: the JVM then runs the hook, which closes the server, and exits with 130.
            server.awaitClose();
            return ExitCodes.OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.INTERRUPTED;
        } finally {
            server.close();
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or has run; nothing to remove.
            }
        }
    }

    /** Paths in messages read best relative to where the user is. */
    private static Path relative(Path cwd, Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(cwd) ? cwd.relativize(abs) : abs;
    }
}
