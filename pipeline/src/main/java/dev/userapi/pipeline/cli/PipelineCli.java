package dev.userapi.pipeline.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pipeline} command: each subcommand is a thin class; the work lives in its own package. */
@Command(name = "pipeline",
        mixinStandardHelpOptions = true,
        versionProvider = PipelineCli.Version.class,
        description = "Validate, plan, deploy and run the User API: plain CloudFormation, one artifact, short-lived roles.",
        footer = "%n" + ExitCodes.HELP_SECTION,
        subcommands = {
            LocalCommand.class,
            ValidateCommand.class,
            PlanCommand.class,
            DeployCommand.class,
            StatusCommand.class,
            DiffCommand.class,
            DriftCommand.class,
            LogsCommand.class,
            RollbackCommand.class,
            CancelCommand.class,
            DeleteCommand.class,
            BootstrapCommand.class,
            PolicyCommand.class,
            CompletionCommand.class,
            CommandLine.HelpCommand.class
        })
public final class PipelineCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** How long Ctrl-C waits for the command to clean up (delete an unexecuted change set, write records). */
    static final long CLEANUP_MILLIS = 30_000;

    public static void main(String[] args) {
        // Ctrl-C starts the JVM's shutdown, which does not stop the command by itself: the hook interrupts
        // it, so it deletes what it made and has not executed, or says what goes on in CloudFormation,
        // and waits for it to finish saying so. The JVM then exits with 130 (128 + SIGINT).
        Thread command = Thread.currentThread();
        CountDownLatch finished = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(onShutdown(command, finished, stopping, CLEANUP_MILLIS));
        int code;
        try {
            code = commandLine().execute(args);
        } finally {
            finished.countDown();
        }
        if (!stopping.get()) {
            // During a shutdown System.exit would block; the JVM is exiting with 130 anyway.
            System.exit(code);
        }
    }

    /**
     * The shutdown hook: unless the command has already finished, mark that it is stopping, interrupt
     * it, and wait (at most {@code boundMillis}) for it to finish its cleanup.
     */
    static Thread onShutdown(Thread command, CountDownLatch finished, AtomicBoolean stopping, long boundMillis) {
        return new Thread(() -> {
            if (finished.getCount() == 0) {
                return;
            }
            stopping.set(true);
            command.interrupt();
            try {
                finished.await(boundMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "pipeline-ctrl-c");
    }

    /** The configured command line, shared by {@link #main} and the tests that drive real commands. */
    public static CommandLine commandLine() {
        return commandLine(CommandLine.defaultFactory());
    }

    /** The same command line with commands built by {@code factory} (e.g. a {@link ServicesFactory}). */
    public static CommandLine commandLine(CommandLine.IFactory factory) {
        CommandLine cl = new CommandLine(new PipelineCli(), factory);
        cl.setExitCodeExceptionMapper(e -> ExitCodes.BAD_INPUT);
        // What a command did not turn into an outcome itself is a bug: exit 70 and a request for a report,
        // never picocli's default (a stack trace and exit 1, which reads as "validate found problems").
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            var d = dev.userapi.pipeline.deploy.Failures.classify(e);
            commandLine.getErr().println("error: " + d.getMessage());
            if (System.getenv("PIPELINE_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return ExitCodes.of(dev.userapi.pipeline.deploy.Outcome.of(d.kind()));
        });
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. 'pipeline local' or 'pipeline deploy --env dev'");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = PipelineCli.class.getPackage().getImplementationVersion();
            return new String[] {"pipeline " + (v == null ? "dev" : v)};
        }
    }
}
