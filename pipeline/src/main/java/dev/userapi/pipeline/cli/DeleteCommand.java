package dev.userapi.pipeline.cli;

import dev.userapi.pipeline.deploy.Delete;
import dev.userapi.pipeline.deploy.Services;
import java.util.Set;
import picocli.CommandLine.Option;

/** {@code pipeline delete}: flags only; the work is {@link Delete}. */
@picocli.CommandLine.Command(name = "delete", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Delete each target's app stack through its execution role, after showing what goes and what stays:"
                + " the retained users table (with its item count), the artifact bucket and its deploy records stay, and the"
                + " end says how to delete them. Asks for the environment's name unless --yes. A protected environment is"
                + " refused unless --force-protected, and then its name must be typed at a terminal. Data is never deleted here.",
        footer = "%n" + ExitCodes.HELP_SECTION)
public final class DeleteCommand extends EnvironmentCommand {
    @Option(names = {"-y", "--yes"}, description = "Delete without asking (not enough for a protected environment).")
    boolean yes;

    @Option(names = "--force-protected",
            description = "Allow deleting a protected environment; its name must still be typed at a terminal, and its"
                    + " termination protection is turned off only then.")
    boolean forceProtected;

    public DeleteCommand() {
        super(Services::system);
    }

    public DeleteCommand(Services services) {
        super(() -> services);
    }

    @Override
    public Integer call() {
        return run("delete", (s, p) -> new Delete(s, p).delete(new Delete.Options(options(null, Set.of()), yes, forceProtected)));
    }
}
