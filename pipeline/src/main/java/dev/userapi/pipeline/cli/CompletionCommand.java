package dev.userapi.pipeline.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * {@code pipeline completion}: the bash completion script picocli generates from the command tree, so it
 * always knows every command and flag. zsh runs it through bashcompinit, which the script enables itself.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print the shell completion script for bash and zsh. Install it with%n"
                + "  bash: echo 'source <(bin/pipeline completion)' >> ~/.bashrc%n"
                + "  zsh:  echo 'source <(bin/pipeline completion)' >> ~/.zshrc%n"
                + "(with the path to bin/pipeline, or 'pipeline' when it is on your PATH).")
public final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String script = AutoComplete.bash("pipeline", spec.root().commandLine());
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
