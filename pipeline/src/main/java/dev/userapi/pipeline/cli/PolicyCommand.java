package dev.userapi.pipeline.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pipeline policy}: the IAM policies the pipeline derives rather than anyone keeping them by hand. */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "Print policies derived from the templates (pipeline policy exec-role).",
        subcommands = {ExecRoleCommand.class, CommandLine.HelpCommand.class},
        footer = "%n" + ExitCodes.HELP_SECTION)
public final class PolicyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a policy, e.g. 'pipeline policy exec-role'");
    }
}
