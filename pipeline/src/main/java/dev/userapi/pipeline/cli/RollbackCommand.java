package dev.userapi.pipeline.cli;

import dev.userapi.pipeline.deploy.Rollback;
import dev.userapi.pipeline.deploy.Services;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code pipeline rollback}: flags only; the work is {@link Rollback}. */
@picocli.CommandLine.Command(name = "rollback", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Bring each target's app stack back from a failed change: ContinueUpdateRollback for"
                + " UPDATE_ROLLBACK_FAILED (with --skip for resources that cannot roll back), RollbackStack for a stack"
                + " 'deploy --disable-rollback' left UPDATE_FAILED or CREATE_FAILED. Runs through the execution role.",
        footer = "%n" + ExitCodes.HELP_SECTION)
public final class RollbackCommand extends EnvironmentCommand {
    @Option(names = "--skip", paramLabel = "LOGICAL_ID", split = ",",
            description = "A resource ContinueUpdateRollback should skip (repeatable): CloudFormation marks it rolled back without"
                    + " touching it. A stateful one (the table) must also be named by --allow-replace.")
    List<String> skip = List.of();

    @Option(names = "--allow-replace", paramLabel = "LOGICAL_ID", split = ",",
            description = "Accept skipping this stateful resource (repeatable).")
    List<String> allowReplace = List.of();

    public RollbackCommand() {
        super(Services::system);
    }

    public RollbackCommand(Services services) {
        super(() -> services);
    }

    @Override
    public Integer call() {
        return run("rollback", (s, p) -> new Rollback(s, p).rollback(
                new Rollback.Options(options(null, new LinkedHashSet<>(allowReplace)), new LinkedHashSet<>(skip))));
    }
}
