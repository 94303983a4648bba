package dev.userapi.pipeline.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userapi.pipeline.changeset.DeployException;
import dev.userapi.pipeline.changeset.DeployedStack;
import dev.userapi.pipeline.progress.Printer;
import dev.userapi.pipeline.session.Access;
import dev.userapi.pipeline.template.Resource;
import dev.userapi.pipeline.template.Template;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;

/**
 * {@code pipeline logs}: the functions' log lines from their CloudWatch Logs groups, every function and
 * target merged into one stream in time order, each line with its time, function, request id and
 * message. The groups are found from the stack: each function's {@code LoggingConfig.LogGroup} in the
 * deployed template, else Lambda's default {@code /aws/lambda/NAME}. With {@code --tail} it keeps
 * reading ({@code FilterLogEvents} from the newest time seen, events already printed skipped) until Ctrl-C.
 */
public final class Logs {
    /** How often --tail looks for new events: one FilterLogEvents per group per look. */
    static final Duration TAIL_EVERY = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Services services;
    private final Printer out;
    private final Preflight preflight;
    private final Targets targets;
    private final Rollout rollout;
    private final Consumer<LogLine> sink;

    /**
     * @param function null: every function; else a logical id ({@code CreateUserFunction}), a function name,
     *                 or its end after the stack name ({@code create-user})
     * @param since    how far back to start
     * @param filter   a CloudWatch Logs filter pattern, or null
     */
    public record Options(DeployOptions common, String function, Duration since, boolean tail, String filter) {
    }

    /**
     * One event as the command prints it.
     *
     * @param target    the target's label ({@code dev 222222222222/eu-west-1}); null when the environment has one target
     * @param function  the function's name without the stack's ({@code create-user})
     * @param requestId the Lambda request id from the JSON line, or null
     * @param message   the event as CloudWatch Logs holds it, trailing whitespace removed
     */
    public record LogLine(String target, Instant time, String function, String requestId, String message) {
        /** {@code 2026-11-30T12:00:00.123Z create-user 1f2e… message}, with {@code [target] } first when there are several. */
        public String text() {
            return (target != null ? "[" + target + "] " : "") + time + " " + function + " " + (requestId == null ? "-" : requestId) + " " + message;
        }
    }

    /** One function's log group in one target. */
    record Source(TargetRun run, String function, String logGroup) {
    }

    /** @param sink where the log lines go (stdout): they are the command's result, printed as they arrive */
    public Logs(Services services, Printer out, Consumer<LogLine> sink) {
        this.services = services;
        this.out = out;
        this.preflight = new Preflight(services, out);
        this.targets = new Targets(services, out);
        this.rollout = new Rollout(services, out);
        this.sink = sink;
    }

    public Report logs(Options o) {
        if (o.since().isNegative() || o.since().isZero()) {
            throw DeployException.badInput("--since must be a positive duration, e.g. 10m, 2h");
        }
        Scope scope = preflight.scope(o.common());
        Access access = preflight.access(o.common(), scope);
        List<TargetRun> runs = targets.runs(scope.env());
        List<Source> sources = java.util.Collections.synchronizedList(new ArrayList<>());
        rollout.parallel(runs, run -> {
            targets.connect(run, access, scope.actor());
            sources.addAll(sources(run, o.function()));
        });
        if (runs.stream().anyMatch(TargetRun::failed)) {
            return Reports.of("logs", scope, runs, Outcome.SUCCEEDED, null);
        }
        if (sources.isEmpty()) {
            throw DeployException.badInput(o.function() == null ? "no functions in the stacks of " + scope.env().name()
                    : "no function '" + o.function() + "' in the stacks of " + scope.env().name()
                      + "; name it by logical id (CreateUserFunction), function name, or its end (create-user)");
        }
        long from = services.clock().instant().minus(o.since()).toEpochMilli();
        Set<String> printed = new HashSet<>();
        int lines = 0;
        while (true) {
            List<Printable> batch = new ArrayList<>();
            long newest = from;
            for (Source s : sources) {
                for (FilteredLogEvent e : read(s, from, o.filter())) {
                    if (printed.add(s.logGroup() + "/" + e.eventId())) {
                        batch.add(new Printable(e.timestamp(), e.ingestionTime() == null ? 0 : e.ingestionTime(), line(s, e, runs.size() > 1)));
                    }
                    newest = Math.max(newest, e.timestamp());
                }
            }
            batch.sort(Comparator.comparingLong(Printable::timestamp).thenComparingLong(Printable::ingested));
            batch.forEach(p -> sink.accept(p.line()));
            lines += batch.size();
            if (!o.tail()) {
                break;
            }
            // The newest millisecond may still get events: read from it again; the printed set drops repeats.
            from = newest;
            try {
                services.sleeper().sleep(TAIL_EVERY);
            } catch (InterruptedException e) {
                out.info("stopped following (Ctrl-C) after " + lines + " line" + (lines == 1 ? "" : "s"));
                break;
            }
        }
        for (TargetRun r : runs) {
            if (r.result == null) {
                r.finish(TargetRun.Result.SUCCEEDED, null);
            }
        }
        return Reports.of("logs", scope, runs, Outcome.SUCCEEDED, null);
    }

    private record Printable(long timestamp, long ingested, LogLine line) {
    }

    private List<FilteredLogEvent> read(Source s, long from, String filter) {
        List<FilteredLogEvent> events = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            FilterLogEventsResponse page;
            try {
                page = s.run().session.logs().filterLogEvents(b -> b.logGroupName(s.logGroup()).startTime(from)
                        .filterPattern(filter == null || filter.isBlank() ? null : filter).nextToken(next));
            } catch (software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException e) {
                // A function that has not logged yet may have no log group: nothing to read, not a failure.
                return events;
            }
            events.addAll(page.events());
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return events;
    }

    /** The event with the request id from its JSON (an application line's or a platform record's) when it has one. */
    static LogLine line(Source s, FilteredLogEvent e, boolean labelled) {
        String message = e.message().stripTrailing();
        String requestId = null;
        if (message.startsWith("{")) {
            try {
                JsonNode n = JSON.readTree(message);
                for (String field : List.of("requestId", "AWSRequestId", "AWSRequestID")) {
                    if (n.hasNonNull(field)) {
                        requestId = n.get(field).asText();
                    }
                }
                if (n.path("record").hasNonNull("requestId")) {
                    requestId = n.path("record").get("requestId").asText();
                }
            } catch (java.io.IOException notJson) {
                // kept as it is, without a request id
            }
        }
        return new LogLine(labelled ? s.run().label : null, Instant.ofEpochMilli(e.timestamp()), s.function(), requestId, message);
    }


    /** The stack's functions and where each logs. */
    private List<Source> sources(TargetRun run, String wanted) {
        var stack = run.deployer.describe(run.stackName);
        if (stack == null) {
            throw DeployException.refused("stack " + run.stackName + " is not deployed: no logs to read");
        }
        Map<String, String> physical = DeployedStack.physicalIds(run.cloudFormation(), stack.stackId());
        Template deployed = DeployedStack.template(run.cloudFormation(), stack.stackId(), run.stackName);
        List<Source> out = new ArrayList<>();
        for (Resource f : deployed.resourcesOfType("AWS::Lambda::Function").values()) {
            String name = physical.get(f.logicalId());
            if (name == null) {
                continue;
            }
            String shortName = name.startsWith(run.stackName + "-") ? name.substring(run.stackName.length() + 1) : name;
            if (wanted != null && !wanted.equals(f.logicalId()) && !wanted.equals(name) && !wanted.equals(shortName)) {
                continue;
            }
            String group = "/aws/lambda/" + name;
            if (f.properties().get("LoggingConfig") instanceof Map<?, ?> lc && lc.get("LogGroup") instanceof Map<?, ?> ref
                    && ref.get("Ref") instanceof String groupId && physical.containsKey(groupId)) {
                group = physical.get(groupId);
            } else if (f.properties().get("LoggingConfig") instanceof Map<?, ?> lc && lc.get("LogGroup") instanceof String literal) {
                group = literal;
            }
            out.add(new Source(run, shortName, group));
        }
        return out;
    }
}
