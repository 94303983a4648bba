package dev.userapi.pipeline.cli;

import dev.userapi.pipeline.deploy.Services;
import dev.userapi.pipeline.deploy.Status;
import java.util.Set;
import picocli.CommandLine.Command;

/** {@code pipeline status}: flags only; the work is {@link Status}. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = "For each target of an environment: the stack status, the last deploy (from its deploy record) and the outputs.",
        footer = "%n" + ExitCodes.HELP_SECTION)
public final class StatusCommand extends EnvironmentCommand {
    public StatusCommand() {
        super(Services::system);
    }

    public StatusCommand(Services services) {
        super(() -> services);
    }

    @Override
    public Integer call() {
        return run("status", (s, p) -> new Status(s, p).status(options(null, Set.of())));
    }
}
