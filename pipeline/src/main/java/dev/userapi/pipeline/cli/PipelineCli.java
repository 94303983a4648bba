package dev.userapi.pipeline.cli;

import java.util.List;
import java.util.Set;
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
        footer = "%n" + ExitCodes.HELP_SECTION)
public final class PipelineCli implements Runnable {

    /**
     * Every command, in the order {@code --help} lists them. They are added to the command line by
     * {@link #commandLine(CommandLine.IFactory, String...)}, not named in {@code @Command(subcommands)},
     * because picocli builds the model of every subcommand it is given (its options, mixins and their
     * classes) before it parses a word: {@code --version} paid for fifteen commands and the libraries
     * their fields load.
     */
    static final List<Class<?>> COMMANDS = List.of(
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
            CommandLine.HelpCommand.class);

    /** Commands that read the whole tree: help lists it, completion writes a script for it. */
    private static final Set<Class<?>> WHOLE_TREE = Set.of(CompletionCommand.class, CommandLine.HelpCommand.class);

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
            code = commandLine(CommandLine.defaultFactory(), args).execute(args);
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

    /** The whole command line, every command in it; for the tests that drive or inspect real commands. */
    public static CommandLine commandLine() {
        return commandLine(CommandLine.defaultFactory());
    }

    /** The whole command line with commands built by {@code factory} (e.g. a {@link ServicesFactory}). */
    public static CommandLine commandLine(CommandLine.IFactory factory) {
        return configured(factory, COMMANDS);
    }

    /**
     * The command line that runs {@code args}: only the command they name when its first word names
     * one exactly (its help, errors and behaviour are those of the whole tree), none for a lone
     * {@code --version}, and every command otherwise (no command, {@code --help}, {@code help},
     * {@code completion}, a misspelt name that picocli's suggestions need the others for).
     */
    public static CommandLine commandLine(CommandLine.IFactory factory, String... args) {
        return configured(factory, commandsFor(args));
    }

    static List<Class<?>> commandsFor(String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            return List.of();
        }
        if (args.length > 0) {
            for (Class<?> command : COMMANDS) {
                if (!WHOLE_TREE.contains(command) && command.getAnnotation(Command.class).name().equals(args[0])) {
                    return List.of(command);
                }
            }
        }
        return COMMANDS;
    }

    private static CommandLine configured(CommandLine.IFactory factory, List<Class<?>> commands) {
        CommandLine cl = new CommandLine(new PipelineCli(), factory);
        // Before the settings below: picocli applies a setting to the subcommands present when it is made.
        for (Class<?> command : commands) {
            cl.addSubcommand(command);
        }
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
