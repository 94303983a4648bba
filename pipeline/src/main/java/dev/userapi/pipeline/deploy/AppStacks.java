package dev.userapi.pipeline.deploy;

import dev.userapi.pipeline.changeset.Capabilities;
import dev.userapi.pipeline.changeset.DeployException;
import dev.userapi.pipeline.changeset.DeployId;
import dev.userapi.pipeline.changeset.Prepared;
import dev.userapi.pipeline.changeset.StackSnapshot;
import dev.userapi.pipeline.changeset.StackSpec;
import dev.userapi.pipeline.changeset.StatefulResources;
import dev.userapi.pipeline.execrole.DerivedPolicy;
import dev.userapi.pipeline.packaging.ArtifactStore;
import dev.userapi.pipeline.packaging.S3Location;
import dev.userapi.pipeline.session.Access;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The app stack of one target made ready to change: the artifact in its bucket, the stack's
 * specification (template, parameters, tags, execution role) and its change set.
 */
final class AppStacks {
    private final Preflight preflight;
    private final Targets targets;
    private final DriftCheck drift;

    AppStacks(Preflight preflight, Targets targets, DriftCheck drift) {
        this.preflight = preflight;
        this.targets = targets;
        this.drift = drift;
    }

    /**
     * Uploads the artifact when missing and makes the change set.
     *
     * @param derived with a policy (plan), the deployed execution role is checked against it first; else null
     */
    void prepare(Inputs in, TargetRun run, Access access, DeployOptions o, DerivedPolicy derived) {
        targets.connect(run, access, in.actor(), targets.limits(o));
        // One DescribeStacks serves the drift warning and the change set (see below for when it is read again).
        StackSnapshot stack = run.timed("changeset", () -> run.deployer.describe(run.stackName));
        drift.beforeChange(run, stack, o.requireNoDrift());
        if (derived != null) {
            run.timed("exec-role", () -> DeployedExecutionRole.check(run.cloudFormation(), in.config().app(), in.env().name(), run.label, derived))
                    .ifPresent(run.out::warn);
        }
        ArtifactStore store = Records.bucket(run, in.config().app());
        run.artifact = run.timed("upload", () -> store.ensureUploaded(in.artifact()));
        run.out.info((run.artifact.uploaded() ? "uploaded the artifact to " : "the artifact is already in ")
                + "s3://" + run.artifact.bucket() + "/" + run.artifact.key());
        run.spec = spec(in, run, run.artifact.key(), o.disableRollback());
        // A drift detection or an upload takes seconds, and the stack may have moved meanwhile: read it again.
        // Finding the artifact already there (one HeadObject) or a last drift check's status takes no time to speak of.
        boolean stale = run.artifact.uploaded() || o.requireNoDrift();
        run.prepared = run.timed("changeset", () -> stale ? run.deployer.prepare(run.spec) : run.deployer.prepare(run.spec, stack));
    }

    /** Loads a saved plan's change set, after checking the stack and the artifact are as planned. */
    void preparePlanned(Inputs in, TargetRun run, Access access, PlanFile.PlannedTarget p, DeployOptions o) {
        targets.connect(run, access, in.actor(), targets.limits(o));
        ArtifactStore store = Records.bucket(run, in.config().app());
        if (in.artifactLocal()) {
            run.artifact = run.timed("upload", () -> store.ensureUploaded(in.artifact()));
        } else {
            // No artifact file here: the plan's upload must still be in place for the functions to deploy.
            String key = p.artifactKey();
            try {
                run.timed("upload", () -> run.session.s3().headObject(b -> b.bucket(store.bucket()).key(key)));
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    throw DeployException.refused("the planned artifact s3://" + store.bucket() + "/" + key
                            + " is no longer there; pass --artifact with the planned build, or make a new plan");
                }
                throw e;
            }
            run.artifact = new S3Location(store.bucket(), key, false);
        }
        StackSnapshot now = run.deployer.describe(run.stackName);
        String nowStatus = now == null ? "no stack" : now.status();
        String nowChanged = now == null || now.changedAt() == null ? null : now.changedAt().toString();
        if (!nowStatus.equals(p.stackStatus()) || !Objects.equals(nowChanged, p.stackChangedAt())) {
            throw DeployException.refused("stack " + run.stackName + " changed since the plan: planned at " + p.stackStatus()
                    + " (last changed " + p.stackChangedAt() + "), now " + nowStatus + " (last changed " + nowChanged
                    + "); make a new plan");
        }
        run.spec = spec(in, run, p.artifactKey());
        if (p.changeSetId() == null) {
            run.prepared = new Prepared.NoChanges(run.spec, now, "no changes when planned");
            return;
        }
        run.prepared = run.timed("changeset", () -> run.deployer.load(run.spec, now, p.changeSetId(), p.statefulIds()));
    }

    StackSpec spec(Inputs in, TargetRun run, String artifactKey) {
        return spec(in, run, artifactKey, false);
    }

    /** @param disableRollback {@code deploy --disable-rollback}, refused earlier on a protected environment */
    StackSpec spec(Inputs in, TargetRun run, String artifactKey, boolean disableRollback) {
        String app = in.config().app();
        Map<String, String> params = preflight.appParameters(in, run.target, artifactKey);
        String body = in.templateText();
        String url = null;
        if (body.getBytes(StandardCharsets.UTF_8).length > StackSpec.MAX_TEMPLATE_BODY_BYTES) {
            url = run.timed("upload", () -> uploadTemplate(in, run));
            body = null;
        }
        DeployId id = in.deployId();
        return new StackSpec(run.stackName, in.template(), body, url, params, Capabilities.required(in.template()),
                run.target.executionRoleArn(), tags(app, in.env().name()), id, id.description(app, in.env().name()),
                StatefulResources.in(in.template()), in.env().isProtected(), disableRollback);
    }

    /** Templates over 51,200 bytes go to the artifact bucket, content-addressed like the artifact. */
    private String uploadTemplate(Inputs in, TargetRun run) {
        String sha;
        try {
            sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.templateText().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
        String bucket = run.target.artifactBucket();
        String key = in.config().app() + "/templates/" + sha + ".yaml";
        run.session.s3().putObject(b -> b.bucket(bucket).key(key).contentType("text/yaml"), RequestBody.fromString(in.templateText(), StandardCharsets.UTF_8));
        if (run.endpoint != null) {
            return run.endpoint.toString().replaceAll("/+$", "") + "/" + bucket + "/" + key;
        }
        String suffix = run.region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
        return "https://" + bucket + ".s3." + run.region + "." + suffix + "/" + key;
    }

    static Map<String, String> tags(String app, String env) {
        // No git sha tag: stack tags propagate to every resource, so a per-commit tag would modify all of
        // them on every deploy and turn a no-op redeploy into an update. The sha is in the change set
        // name, its description and the deploy record instead.
        return Map.of("app", app, "env", env, "managed-by", "pipeline");
    }
}
