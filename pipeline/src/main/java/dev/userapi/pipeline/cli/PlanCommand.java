package dev.userapi.pipeline.cli;

import dev.userapi.pipeline.deploy.DeployOptions;
import dev.userapi.pipeline.deploy.Plan;
import dev.userapi.pipeline.deploy.Services;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pipeline plan}: flags only; the work is {@link dev.userapi.pipeline.deploy.Plan}. */
@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show what 'deploy' would change, target by target, without executing anything: the change sets "
                + "are made, shown and deleted. --save keeps them and writes a plan file for 'deploy --plan'; "
                + "--offline calls no AWS API at all.",
        footer = "%n" + ExitCodes.HELP_SECTION)
public final class PlanCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-e", "--env"}, required = true, paramLabel = "ENV", description = "The environment in accounts.yaml.")
    String env;

    @Option(names = "--offline",
            description = "No AWS calls: validate, hash the artifact, resolve parameters, and print which role in which"
                    + " account would be assumed and which stack would change.")
    boolean offline;

    @Option(names = "--save", paramLabel = "PLAN.json",
            description = "Keep the change sets and write a plan file (change set ARNs, changes, artifact sha256, stack state).")
    Path save;

    @Option(names = "--artifact", paramLabel = "PATH", description = "The artifact to plan with (default: functions/target/user-api-functions.jar).")
    Path artifact;

    @Option(names = "--template", paramLabel = "FILE",
            description = "The app template (default: cloudformation/app.yaml in the project root).")
    Path template;

    @Option(names = "--require-no-drift",
            description = "Detect drift first and refuse to plan a change to a stack whose resources were changed outside CloudFormation.")
    boolean requireNoDrift;

    @Mixin
    ChangeOptions change = new ChangeOptions();

    @Mixin
    StackOptions common = new StackOptions();

    private final Supplier<Services> services;

    public PlanCommand() {
        this(Services::system);
    }

    public PlanCommand(Services services) {
        this(() -> services);
    }

    private PlanCommand(Supplier<Services> services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        if (offline && save != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--save keeps real change sets; it cannot be --offline");
        }
        DeployOptions o = new DeployOptions(env, common.profile, common.config, template, artifact, false, change.allowReplaceSet(),
                common.sourceIdentity, common.mfaSerial, common.mfaCode, change.busyTimeout, false, requireNoDrift);
        return CommandSupport.run(spec, "plan", env, common.output, common.summary, services,
                (s, p) -> offline ? new Plan(s, p).planOffline(o) : new Plan(s, p).plan(o, save));
    }
}
