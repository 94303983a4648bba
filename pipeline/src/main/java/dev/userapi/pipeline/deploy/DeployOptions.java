package dev.userapi.pipeline.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The inputs of deploy, plan and status, as the flags give them.
 *
 * @param config        null: {@link #DEFAULT_CONFIG} in the project root
 * @param template      null: {@link #DEFAULT_TEMPLATE} in the project root
 * @param artifact      null: the default build output, checked against what the previous environment runs
 * @param allowReplace  logical ids whose removal or replacement is allowed this time
 * @param mfaSerial     null: no MFA
 * @param busyTimeout   how long to wait for another operation on a stack before refusing
 * @param disableRollback a failed change is left in place to debug ({@code UPDATE_FAILED}), for development
 *                      environments only; {@code pipeline rollback} then rolls it back
 * @param requireNoDrift refuse to change a stack whose resources were changed outside CloudFormation
 */
public record DeployOptions(String environment, String profile, Path config, Path template, Path artifact, boolean yes,
                            Set<String> allowReplace, String sourceIdentity, String mfaSerial, String mfaCode,
                            Duration busyTimeout, boolean disableRollback, boolean requireNoDrift) {

    public static final Path DEFAULT_CONFIG = Path.of("accounts.yaml");
    public static final Path DEFAULT_TEMPLATE = Path.of("cloudformation/app.yaml");
    public static final Path DEFAULT_ARTIFACT = Path.of("functions/target/user-api-functions.jar");

    public DeployOptions {
        allowReplace = allowReplace == null ? Set.of() : Set.copyOf(allowReplace);
    }

    public DeployOptions(String environment, String profile, Path config, Path template, Path artifact, boolean yes,
                         Set<String> allowReplace, String sourceIdentity, String mfaSerial, String mfaCode, Duration busyTimeout) {
        this(environment, profile, config, template, artifact, yes, allowReplace, sourceIdentity, mfaSerial, mfaCode, busyTimeout,
                false, false);
    }

    public static DeployOptions of(String environment) {
        return new DeployOptions(environment, null, null, null, null, false, Set.of(), null, null, null, null);
    }

    public DeployOptions forEnvironment(String env) {
        return new DeployOptions(env, profile, config, template, artifact, yes, allowReplace, sourceIdentity, mfaSerial, mfaCode,
                busyTimeout, disableRollback, requireNoDrift);
    }

    public DeployOptions withAllowReplace(Set<String> ids) {
        return new DeployOptions(environment, profile, config, template, artifact, yes, ids, sourceIdentity, mfaSerial, mfaCode,
                busyTimeout, disableRollback, requireNoDrift);
    }
}
