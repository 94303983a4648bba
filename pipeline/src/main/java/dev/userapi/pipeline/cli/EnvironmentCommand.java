package dev.userapi.pipeline.cli;

import dev.userapi.pipeline.deploy.DeployOptions;
import dev.userapi.pipeline.deploy.Services;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What the commands over an environment's stacks share: {@code --env}, the credential and output flags,
 * and the outside world they run in. A subclass adds its own flags and names its use case.
 */
abstract class EnvironmentCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-e", "--env"}, required = true, paramLabel = "ENV", description = "The environment in accounts.yaml.")
    String env;

    @Mixin
    StackOptions common = new StackOptions();

    final Supplier<Services> services;

    EnvironmentCommand(Supplier<Services> services) {
        this.services = services;
    }

    /** The shared flags as the use cases take them; {@code template} null: the project's app template. */
    DeployOptions options(Path template, Set<String> allowReplace) {
        return new DeployOptions(env, common.profile, common.config, template, null, false, allowReplace,
                common.sourceIdentity, common.mfaSerial, common.mfaCode, null);
    }

    int run(String command, CommandSupport.UseCase work) {
        return CommandSupport.run(spec, command, env, common.output, common.summary, services, work);
    }
}
