package dev.userapi.pipeline.cli;

import dev.userapi.pipeline.deploy.Diff;
import dev.userapi.pipeline.deploy.Services;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pipeline diff}: flags only; the work is {@link Diff}. */
@Command(name = "diff", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Compare each target's deployed template and parameters with the local ones: a block per changed resource,"
                + " then the change set's table with its Replacement column. The change set is made only to be read, and deleted;"
                + " nothing is executed. Exits 6 when anything differs, for CI gates.",
        footer = "%n" + ExitCodes.DIFF_HELP_SECTION)
public final class DiffCommand extends EnvironmentCommand {
    @Option(names = "--template", paramLabel = "FILE", description = "The app template (default: cloudformation/app.yaml in the project root).")
    Path template;

    public DiffCommand() {
        super(Services::system);
    }

    public DiffCommand(Services services) {
        super(() -> services);
    }

    @Override
    public Integer call() {
        return run("diff", (s, p) -> new Diff(s, p).diff(options(template, Set.of())));
    }
}
