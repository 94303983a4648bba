package dev.userapi.pipeline.cli;

import dev.userapi.pipeline.deploy.DeployOptions;
import dev.userapi.pipeline.deploy.Services;
import dev.userapi.pipeline.deploy.Status;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pipeline status}: flags only; the work is {@link dev.userapi.pipeline.deploy.Status}. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = "For each target of an environment: the stack status, the last deploy (from its deploy record) and the outputs.",
        footer = "%n" + ExitCodes.HELP_SECTION)
public final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-e", "--env"}, required = true, paramLabel = "ENV", description = "The environment in accounts.yaml.")
    String env;

    @Mixin
    StackOptions common = new StackOptions();

    private final Supplier<Services> services;

    public StatusCommand() {
        this(Services::system);
    }

    public StatusCommand(Services services) {
        this(() -> services);
    }

    private StatusCommand(Supplier<Services> services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        DeployOptions o = new DeployOptions(env, common.profile, common.config, null, null, false, Set.of(),
                common.sourceIdentity, common.mfaSerial, common.mfaCode, null);
        return CommandSupport.run(spec, "status", env, common.output, common.summary, services, (s, p) -> new Status(s, p).status(o));
    }
}
