package dev.userapi.pipeline.cli;

import dev.userapi.pipeline.deploy.Drift;
import dev.userapi.pipeline.deploy.Services;
import java.util.Set;

/** {@code pipeline drift}: flags only; the work is {@link Drift}. */
@picocli.CommandLine.Command(name = "drift", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run CloudFormation's drift detection on each target's app stack, wait for it, and list every resource"
                + " changed outside CloudFormation with its property differences. Exits 7 when any resource drifted.",
        footer = "%n" + ExitCodes.DRIFT_HELP_SECTION)
public final class DriftCommand extends EnvironmentCommand {
    public DriftCommand() {
        super(Services::system);
    }

    public DriftCommand(Services services) {
        super(() -> services);
    }

    @Override
    public Integer call() {
        return run("drift", (s, p) -> new Drift(s, p).drift(options(null, Set.of())));
    }
}
