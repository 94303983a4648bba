package dev.userapi.pipeline.cli;

import dev.userapi.pipeline.changeset.DeployException;
import dev.userapi.pipeline.deploy.Outcome;
import dev.userapi.pipeline.deploy.Failures;
import dev.userapi.pipeline.deploy.Report;
import dev.userapi.pipeline.deploy.Services;
import dev.userapi.pipeline.deploy.TargetReport;
import dev.userapi.pipeline.progress.Printer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What every stack command does around its use case: progress and errors on stderr, the result on
 * stdout (text, or JSON with {@code --output json}), colour, the one mapping of outcomes to exit codes,
 * and the Markdown step summary. Keeps the command classes to their flags.
 */
final class CommandSupport {
    enum Output { text, json }

    private CommandSupport() {
    }

    /** A use case, given the outside world and where its progress goes. */
    @FunctionalInterface
    interface UseCase {
        Report run(Services services, Printer progress);
    }

    static int run(CommandSpec spec, String command, String environment, Output output, Path summary,
                   Supplier<Services> servicesSupplier, UseCase work) {
        return run(spec, command, environment, output, summary, servicesSupplier, work, false);
    }

    /**
     * @param streamed the use case writes its result to stdout itself as it goes ({@code logs}): the report's
     *                 summary line then goes to stderr, and no JSON report follows the stream
     */
    static int run(CommandSpec spec, String command, String environment, Output output, Path summary,
                   Supplier<Services> servicesSupplier, UseCase work, boolean streamed) {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Services services = servicesSupplier.get();
        try {
            boolean json = output == Output.json;
            // Progress and errors on stderr in both modes: stdout carries only the result, so it can be piped.
            Printer printer = new Printer(stderr, Printer.colourWanted(services.env(), services.terminal().interactive()));
            Report report;
            try {
                report = work.run(services, printer);
            } catch (RuntimeException e) {
                DeployException d = Failures.classify(e);
                printer.error(d.getMessage());
                if (d.kind() == DeployException.Kind.INTERNAL && services.env().containsKey("PIPELINE_DEBUG")) {
                    e.printStackTrace(stderr);
                }
                report = Report.failure(command, environment, Outcome.of(d.kind()), d.getMessage());
            }
            int exit = ExitCodes.of(report.result());
            if (streamed) {
                printer.info(summaryLine(report));
            } else if (json) {
                stdout.println(report.json(exit));
            } else {
                printResult(report, stdout);
            }
            stdout.flush();
            appendSummary(services, summary, report, printer);
            return exit;
        } finally {
            services.close();
        }
    }

    /** Text mode's stdout: each target's findings (labelled when there are several), then the summary line. */
    private static void printResult(Report report, PrintWriter stdout) {
        boolean labelled = report.targets().size() > 1;
        for (TargetReport t : report.targets()) {
            for (String line : t.details()) {
                stdout.println(labelled ? "[" + t.label() + "] " + line : line);
            }
        }
        stdout.println(summaryLine(report));
    }

    private static String summaryLine(Report r) {
        StringBuilder s = new StringBuilder(r.command() + (r.environment() == null ? "" : " " + r.environment()) + ": " + r.result());
        if (r.targets().size() > 1) {
            // "(12 targets: 11 SUCCEEDED, 1 FAILED)": how each target ended, whatever the command.
            Map<String, Long> byResult = r.targets().stream()
                    .collect(Collectors.groupingBy(TargetReport::result, LinkedHashMap::new, Collectors.counting()));
            s.append(" (").append(r.targets().size()).append(" targets: ")
                    .append(byResult.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")))
                    .append(')');
            r.targets().stream().filter(t -> !t.result().equals("SUCCEEDED") && !t.result().equals("NO_CHANGES") && !t.result().equals("PLANNED"))
                    .forEach(t -> s.append("\n  ").append(t.label()).append(": ").append(t.result())
                            .append(t.reason() == null ? "" : " - " + t.reason().lines().findFirst().orElse("")));
        }
        return s.toString();
    }

    /** {@code --summary FILE}, else {@code $GITHUB_STEP_SUMMARY} when set: the Markdown is appended. */
    private static void appendSummary(Services services, Path summary, Report report, Printer printer) {
        String stepSummary = services.env().get("GITHUB_STEP_SUMMARY");
        Path file = summary != null ? services.resolve(summary)
                : stepSummary != null && !stepSummary.isBlank() ? Path.of(stepSummary) : null;
        if (file == null) {
            return;
        }
        try {
            Files.writeString(file, report.markdown() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            printer.warn("could not append the summary to " + file + ": " + e.getMessage());
        }
    }

    /** {@code 500ms}, {@code 90s}, {@code 15m}, {@code 1h}, {@code 0}, or ISO-8601 ({@code PT15M}). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            try {
                if (v.equals("0")) {
                    return Duration.ZERO;
                }
                if (v.startsWith("p")) {
                    return Duration.parse(value.strip().toUpperCase(Locale.ROOT));
                }
                if (v.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
                }
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                return switch (v.charAt(v.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> throw new NumberFormatException();
                };
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration; use e.g. 90s, 15m, 1h or 0");
            }
        }
    }
}
