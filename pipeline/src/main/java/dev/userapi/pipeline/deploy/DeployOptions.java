package dev.userapi.pipeline.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The inputs of deploy, plan and status, as the flags give them.
 *
 * @param artifact      null: the default build output, checked against what the previous environment runs
 * @param allowReplace  logical ids whose removal or replacement is allowed this time
 * @param mfaSerial     null: no MFA
 * @param busyTimeout   how long to wait for another operation on a stack before refusing
 */
public record DeployOptions(String environment, String profile, Path config, Path template, Path artifact, boolean yes,
                            Set<String> allowReplace, String sourceIdentity, String mfaSerial, String mfaCode,
                            Duration busyTimeout) {

    public static final Path DEFAULT_CONFIG = Path.of("accounts.yaml");
    public static final Path DEFAULT_TEMPLATE = Path.of("cloudformation/app.yaml");
    public static final Path DEFAULT_ARTIFACT = Path.of("functions/target/user-api-functions.jar");

    public DeployOptions {
        allowReplace = allowReplace == null ? Set.of() : Set.copyOf(allowReplace);
        config = config == null ? DEFAULT_CONFIG : config;
        template = template == null ? DEFAULT_TEMPLATE : template;
    }

    public static DeployOptions of(String environment) {
        return new DeployOptions(environment, null, null, null, null, false, Set.of(), null, null, null, null);
    }
}
