package dev.userapi.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The launcher builds only the command a run names. What a user sees must not depend on that:
 * help, errors, completion and the version are those of the whole tree.
 */
class CommandTreeTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static Run lazily(String... args) {
        return run(PipelineCli.commandLine(CommandLine.defaultFactory(), args), args);
    }

    private static Run whole(String... args) {
        return run(PipelineCli.commandLine(), args);
    }

    @Test
    void aNamedCommandIsBuiltAlone() {
        assertEquals(List.of("deploy"),
                List.copyOf(PipelineCli.commandLine(CommandLine.defaultFactory(), "deploy", "--env", "dev").getSubcommands().keySet()));
        assertEquals(List.of(), List.copyOf(PipelineCli.commandLine(CommandLine.defaultFactory(), "--version").getSubcommands().keySet()));
    }

    @Test
    void helpCompletionAndUnknownWordsGetTheWholeTree() {
        int all = PipelineCli.COMMANDS.size();
        for (String[] args : List.of(new String[] {}, new String[] {"--help"}, new String[] {"help", "deploy"},
                new String[] {"completion"}, new String[] {"deplyo"}, new String[] {"--version", "deploy"})) {
            assertEquals(all, PipelineCli.commandLine(CommandLine.defaultFactory(), args).getSubcommands().size(), String.join(" ", args));
        }
    }

    @Test
    void everyCommandsHelpIsTheSameBuiltAloneOrInTheTree() {
        for (Class<?> command : PipelineCli.COMMANDS) {
            String name = command.getAnnotation(CommandLine.Command.class).name();
            Run alone = lazily(name, "--help");
            Run inTree = whole(name, "--help");
            assertEquals(inTree, alone, name);
            assertEquals(0, alone.code(), name);
        }
    }

    @Test
    void errorsVersionAndCompletionAreThoseOfTheWholeTree() {
        for (String[] args : List.of(new String[] {"--version"}, new String[] {"deploy"}, new String[] {"deploy", "--env", "dev", "--no-such-flag"},
                new String[] {"deplyo"}, new String[] {}, new String[] {"completion"}, new String[] {"logs", "--env", "dev", "--since", "0s"})) {
            assertEquals(whole(args), lazily(args), String.join(" ", args));
        }
        Run completion = lazily("completion");
        for (Class<?> command : PipelineCli.COMMANDS) {
            String name = command.getAnnotation(CommandLine.Command.class).name();
            assertTrue(completion.out().contains(name), "completion names " + name);
        }
        assertTrue(lazily("deplyo").err().contains("deploy"), "the suggestion names the closest command");
    }
}
