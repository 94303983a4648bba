package dev.userapi.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The README's commands are the ones a reader copies: they must run the launcher that exists
 * ({@code bin/pipeline}; {@code ./pipeline} is the Maven module's directory) with a command and flags
 * the CLI accepts.
 */
class ReadmeCommandsTest {
    /** A command as the README writes it, up to a comment, pipe, redirection, separator or closing backtick. */
    private static final Pattern COMMAND = Pattern.compile("(?<![\\w/.-])(bin/pipeline|\\./pipeline)((?: +[^\\s`#|>&;]+)*)");
    private static final Pattern PLACEHOLDER = Pattern.compile("[A-Z][A-Z_]*|.*\\.\\.\\..*");
    private static Path root;
    private static String readme;

    @BeforeAll
    static void read() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("pipeline"))) {
                root = dir;
                break;
            }
        }
        assertTrue(root != null, "no README.md above " + Path.of("").toAbsolutePath());
        readme = Files.readString(root.resolve("README.md"));
    }

    @Test
    void theReadmeOpensWithRunningItLocallyAndTheTestCommand() {
        int open = readme.indexOf("```sh\n");
        assertTrue(open >= 0, "README has no sh block");
        List<String> first = readme.substring(open + 6, readme.indexOf("```", open + 6)).lines()
                .map(l -> l.replaceAll("\\s+#.*", "").trim())
                .filter(l -> !l.isEmpty())
                .toList();
        assertEquals(List.of("bin/pipeline local", "./mvnw -B verify"), first);
    }

    @Test
    void theLauncherTheReadmeNamesExists() {
        Path launcher = root.resolve("bin/pipeline");
        assertTrue(Files.isRegularFile(launcher) && Files.isExecutable(launcher), launcher + " must be an executable file");
        assertTrue(Files.isDirectory(root.resolve("pipeline")), "pipeline/ is the CLI's module, so ./pipeline cannot be a launcher");
    }

    @Test
    void everyCommandRunsBinPipelineWithACommandAndFlagsTheCliAccepts() {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        Matcher m = COMMAND.matcher(readme);
        while (m.find()) {
            String line = "README.md:" + (1 + readme.substring(0, m.start()).chars().filter(c -> c == '\n').count());
            if (m.group(1).equals("./pipeline")) {
                problems.add(line + ": '" + m.group().trim() + "': ./pipeline is the Maven module's directory; the launcher is bin/pipeline");
                continue;
            }
            String[] args = m.group(2).trim().isEmpty() ? new String[0] : m.group(2).trim().split(" +");
            if (args.length == 0 || Arrays.stream(args).anyMatch(a -> PLACEHOLDER.matcher(a).matches() || a.contains("["))) {
                continue; // a sketch such as `bin/pipeline COMMAND --help`, not a command to copy
            }
            try {
                PipelineCli.commandLine().parseArgs(args);
                checked++;
            } catch (CommandLine.ParameterException e) {
                problems.add(line + ": 'bin/pipeline " + String.join(" ", args) + "': " + e.getMessage());
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(checked >= 10, "expected the README's commands to be found, checked only " + checked);
        assertFalse(readme.contains("java -jar pipeline.jar"), "pipeline.jar needs the lib/ beside it; name bin/pipeline");
    }
}
