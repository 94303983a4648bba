package dev.userapi.pipeline.cli;

import dev.userapi.pipeline.deploy.Deploy;
import dev.userapi.pipeline.deploy.DeployOptions;
import dev.userapi.pipeline.deploy.Services;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pipeline deploy}: flags only; the work is {@link dev.userapi.pipeline.deploy.Deploy}. */
@Command(name = "deploy", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Deploy the app stack to every target of an environment through CloudFormation change sets: "
                + "assume each target's deployer role, upload the artifact if missing, show the changes, refuse "
                + "removing or replacing stateful resources, execute, follow the stack events, print the outputs "
                + "and write a deploy record (.pipeline/records and the artifact bucket).",
        footer = "%n" + ExitCodes.HELP_SECTION)
public final class DeployCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-e", "--env"}, paramLabel = "ENV", description = "The environment in accounts.yaml (required unless --plan names it).")
    String env;

    @Option(names = "--artifact", paramLabel = "PATH",
            description = "Deploy this artifact deliberately. Without it: functions/target/user-api-functions.jar, which must be"
                    + " what the previous environment (after:) runs.")
    Path artifact;

    @Option(names = {"-y", "--yes"}, description = "Approve a protected environment's changes without asking (after reviewing a plan).")
    boolean yes;

    @Option(names = "--plan", paramLabel = "PLAN.json", description = "Execute exactly the change sets of a plan saved by 'plan --save'.")
    Path plan;

    @Option(names = "--template", paramLabel = "FILE",
            description = "The app template (default: cloudformation/app.yaml in the project root).")
    Path template;

    @Option(names = "--disable-rollback",
            description = "Leave a failed change in place (UPDATE_FAILED) to debug it; for development environments, refused on"
                    + " protected ones. 'pipeline rollback' then rolls it back.")
    boolean disableRollback;

    @Option(names = "--require-no-drift",
            description = "Detect drift first and refuse to change a stack whose resources were changed outside CloudFormation.")
    boolean requireNoDrift;

    @Mixin
    ChangeOptions change = new ChangeOptions();

    @Mixin
    StackOptions common = new StackOptions();

    private final Supplier<Services> services;

    public DeployCommand() {
        this(Services::system);
    }

    public DeployCommand(Services services) {
        this(() -> services);
    }

    private DeployCommand(Supplier<Services> services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        if (env == null && plan == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "name the environment with --env ENV (or a saved plan with --plan FILE)");
        }
        DeployOptions o = new DeployOptions(env, common.profile, common.config, template, artifact, yes, change.allowReplaceSet(),
                common.sourceIdentity, common.mfaSerial, common.mfaCode, change.busyTimeout, disableRollback, requireNoDrift);
        return CommandSupport.run(spec, "deploy", env, common.output, common.summary, services,
                (s, p) -> plan != null ? new Deploy(s, p).deployPlan(o, plan) : new Deploy(s, p).deploy(o));
    }
}
