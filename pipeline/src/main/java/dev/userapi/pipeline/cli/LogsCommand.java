package dev.userapi.pipeline.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userapi.pipeline.deploy.Logs;
import dev.userapi.pipeline.deploy.Services;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** {@code pipeline logs}: flags only; the work is {@link Logs}. */
@picocli.CommandLine.Command(name = "logs", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The functions' log lines from CloudWatch Logs, every function and target merged in time order, each with"
                + " its time, function and request id. --tail follows new lines until Ctrl-C. With --output json, one JSON object"
                + " per line (time, target, function, requestId, message).",
        footer = "%n" + ExitCodes.HELP_SECTION)
public final class LogsCommand extends EnvironmentCommand {
    @Option(names = "--function", paramLabel = "NAME",
            description = "Only this function: its logical id (CreateUserFunction), name, or name after the stack's (create-user).")
    String function;

    @Option(names = "--since", paramLabel = "DURATION", defaultValue = "10m", converter = CommandSupport.DurationConverter.class,
            description = "How far back to start (default: ${DEFAULT-VALUE}; e.g. 90s, 2h).")
    Duration since;

    @Option(names = {"-f", "--tail"}, description = "Keep following new lines until Ctrl-C.")
    boolean tail;

    @Option(names = "--filter", paramLabel = "PATTERN",
            description = "A CloudWatch Logs filter pattern, e.g. ERROR or '{ $.level = \"ERROR\" }'.")
    String filter;

    private static final ObjectMapper JSON = new ObjectMapper();

    public LogsCommand() {
        super(Services::system);
    }

    public LogsCommand(Services services) {
        super(() -> services);
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        boolean json = common.output == CommandSupport.Output.json;
        return CommandSupport.run(spec, "logs", env, common.output, common.summary, services, (s, p) -> {
            Consumer<Logs.LogLine> sink = line -> {
                stdout.println(json ? json(line) : line.text());
                stdout.flush();
            };
            Logs logs = new Logs(s, p, sink);
            return logs.logs(new Logs.Options(options(null, Set.of()), function, since, tail, filter));
        }, true);
    }

    private static String json(Logs.LogLine line) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", line.time().toString());
        m.put("target", line.target());
        m.put("function", line.function());
        m.put("requestId", line.requestId());
        m.put("message", line.message());
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
