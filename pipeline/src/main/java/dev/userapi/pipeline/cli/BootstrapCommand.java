package dev.userapi.pipeline.cli;

import dev.userapi.pipeline.deploy.Bootstrap;
import dev.userapi.pipeline.deploy.DeployOptions;
import dev.userapi.pipeline.deploy.Services;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pipeline bootstrap}: flags only; the work is {@link dev.userapi.pipeline.deploy.Bootstrap}. */
@Command(name = "bootstrap", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Create or update the roles and bucket deploys need, with your own (administrator) credentials, "
                + "through a change set shown like a deploy's. --env E: "
                + "cloudformation/bootstrap/target-account.yaml as stack <app>-bootstrap in each target of E. "
                + "--ci: cloudformation/bootstrap/ci-identity.yaml as <app>-ci-identity in the tooling account. "
                + "The credentials must be in the account being bootstrapped.",
        footer = "%n" + ExitCodes.HELP_SECTION)
public final class BootstrapCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    static final class Where {
        @Option(names = {"-e", "--env"}, required = true, paramLabel = "ENV", description = "Bootstrap every target account/region of ENV.")
        String env;

        @Option(names = "--ci", required = true, description = "Bootstrap the CI identity (GitHub OIDC provider and CI role) in the tooling account.")
        boolean ci;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Where where;

    @Option(names = {"-y", "--yes"}, description = "Approve a protected environment's changes without asking.")
    boolean yes;

    @Option(names = "--template", paramLabel = "FILE",
            description = "Another bootstrap template (default: cloudformation/bootstrap/target-account.yaml, or ci-identity.yaml with --ci).")
    Path template;

    @Option(names = "--existing-oidc-provider", paramLabel = "ARN",
            description = "With --ci: use this GitHub OIDC provider instead of creating one (an account has at most one per URL).")
    String existingOidcProvider;

    @Mixin
    ChangeOptions change = new ChangeOptions();

    @Mixin
    StackOptions common = new StackOptions();

    private final Supplier<Services> services;

    public BootstrapCommand() {
        this(Services::system);
    }

    public BootstrapCommand(Services services) {
        this(() -> services);
    }

    private BootstrapCommand(Supplier<Services> services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        if (existingOidcProvider != null && !where.ci) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--existing-oidc-provider goes with --ci");
        }
        DeployOptions o = new DeployOptions(where.env, common.profile, common.config, template, null, yes, change.allowReplaceSet(),
                common.sourceIdentity, common.mfaSerial, common.mfaCode, change.busyTimeout);
        return CommandSupport.run(spec, where.ci ? "bootstrap --ci" : "bootstrap", where.env, common.output, common.summary, services,
                (s, p) -> new Bootstrap(s, p).bootstrap(o, where.ci, existingOidcProvider));
    }
}
