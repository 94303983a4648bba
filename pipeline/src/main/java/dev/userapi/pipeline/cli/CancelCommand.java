package dev.userapi.pipeline.cli;

import dev.userapi.pipeline.deploy.Cancel;
import dev.userapi.pipeline.deploy.Services;
import java.util.Set;

/** {@code pipeline cancel}: flags only; the work is {@link Cancel}. */
@picocli.CommandLine.Command(name = "cancel", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Cancel an update in progress (CancelUpdateStack) on each target's app stack and follow the rollback it"
                + " starts to UPDATE_ROLLBACK_COMPLETE. A stack with no update in progress is left alone.",
        footer = "%n" + ExitCodes.HELP_SECTION)
public final class CancelCommand extends EnvironmentCommand {
    public CancelCommand() {
        super(Services::system);
    }

    public CancelCommand(Services services) {
        super(() -> services);
    }

    @Override
    public Integer call() {
        return run("cancel", (s, p) -> new Cancel(s, p).cancel(options(null, Set.of())));
    }
}
