package dev.userapi.pipeline.deploy;

import dev.userapi.pipeline.auth.Actor;
import dev.userapi.pipeline.auth.Mfa;
import dev.userapi.pipeline.config.AccountsConfig;
import dev.userapi.pipeline.config.Environment;

/**
 * The environment a command acts on and who acts, checked before any AWS call: what every command
 * over an environment's targets needs, whether or not it deploys a template.
 *
 * @param mfa null: no MFA
 */
record Scope(AccountsConfig config, Environment env, String gitSha, Actor actor, Mfa mfa) {
}
