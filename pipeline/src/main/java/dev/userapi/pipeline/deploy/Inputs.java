package dev.userapi.pipeline.deploy;

import dev.userapi.pipeline.auth.Actor;
import dev.userapi.pipeline.auth.Mfa;
import dev.userapi.pipeline.changeset.DeployId;
import dev.userapi.pipeline.config.AccountsConfig;
import dev.userapi.pipeline.config.Environment;
import dev.userapi.pipeline.packaging.Artifact;
import dev.userapi.pipeline.template.Template;

/**
 * What {@link Preflight} checked before any AWS call.
 *
 * @param artifactLocal false when {@code deploy --plan} runs without the artifact file: the plan's
 *                      sha256 and S3 key stand for it (CI hands over the plan, the artifact is in S3)
 * @param mfa           null: no MFA
 */
record Inputs(AccountsConfig config, Environment env, Template template, String templateText, Artifact artifact,
              boolean artifactExplicit, boolean artifactLocal, String gitSha, Actor actor, DeployId deployId, Mfa mfa) {

    String artifactKey() {
        return dev.userapi.pipeline.packaging.ArtifactStore.artifactKey(config.app(), artifact);
    }
}
