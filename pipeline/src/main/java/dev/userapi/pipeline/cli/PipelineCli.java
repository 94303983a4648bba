package dev.userapi.pipeline.cli;

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
            BootstrapCommand.class,
            PolicyCommand.class,
            CommandLine.HelpCommand.class
        })
public final class PipelineCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the tests that drive real commands. */
    public static CommandLine commandLine() {
        return commandLine(CommandLine.defaultFactory());
    }

    /** The same command line with commands built by {@code factory} (e.g. a {@link ServicesFactory}). */
    public static CommandLine commandLine(CommandLine.IFactory factory) {
        CommandLine cl = new CommandLine(new PipelineCli(), factory);
        cl.setExitCodeExceptionMapper(e -> ExitCodes.BAD_INPUT);
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
