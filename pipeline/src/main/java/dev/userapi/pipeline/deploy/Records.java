package dev.userapi.pipeline.deploy;

import dev.userapi.pipeline.changeset.AwsErrors;
import dev.userapi.pipeline.changeset.Prepared;
import dev.userapi.pipeline.changeset.StackDeployer;
import dev.userapi.pipeline.changeset.StackSnapshot;
import dev.userapi.pipeline.changeset.StackStates;
import dev.userapi.pipeline.packaging.ArtifactStore;
import dev.userapi.pipeline.packaging.PackagingException;
import dev.userapi.pipeline.progress.Printer;
import dev.userapi.pipeline.record.DeployRecord;
import dev.userapi.pipeline.record.RecordStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The deploy records: one per target and deploy, in {@code .pipeline/records} of the project and in the
 * target's artifact bucket, and the settling of an "executing; result unknown" one once its stack tells.
 */
final class Records {
    static final Path DIRECTORY = Path.of(".pipeline", "records");

    private final Services services;
    private final Rollout rollout;

    Records(Services services, Rollout rollout) {
        this.services = services;
        this.rollout = rollout;
    }

    RecordStore local() {
        return new RecordStore(localDirectory());
    }

    Path localDirectory() {
        return services.root().resolve(DIRECTORY);
    }

    /** Writes the record of every target that got as far as a result worth recording, locally and to its bucket. */
    void write(Inputs in, List<TargetRun> runs) {
        RecordStore local = local();
        List<TargetRun> done = runs.stream()
                .filter(r -> r.result != null && r.result != TargetRun.Result.NOT_EXECUTED && r.result != TargetRun.Result.PLANNED)
                .toList();
        // Uploads go in parallel like the deploys: two PUTs per target add up over twelve targets.
        rollout.parallel(done, run -> {
            DeployRecord rec = record(in, run);
            try {
                run.recordFile = local.writeLocal(rec);
            } catch (RuntimeException e) {
                run.out.warn("could not write the local deploy record: " + e.getMessage());
            }
            if (run.session != null) {
                try {
                    run.recordKey = RecordStore.upload(bucket(run, in.config().app()), rec);
                } catch (PackagingException | SdkException e) {
                    run.out.warn("could not upload the deploy record to s3://" + run.target.artifactBucket() + ": "
                            + AwsErrors.describe(e));
                }
            }
        });
    }

    /**
     * The trail of an operation that changes a stack without a change set ({@code delete}, {@code rollback},
     * {@code cancel}): who, which commit, what it ended as. It becomes the target's latest record, so
     * promotion from a deleted environment is refused rather than taken from an old deploy.
     */
    void writeOperation(Scope scope, List<TargetRun> runs, String operation) {
        RecordStore local = local();
        List<TargetRun> done = runs.stream().filter(r -> r.session != null && r.result != null
                && r.result != TargetRun.Result.NOT_EXECUTED && r.result != TargetRun.Result.NO_CHANGES).toList();
        rollout.parallel(done, run -> {
            DeployRecord.Result result = switch (run.result) {
                case SUCCEEDED, DELETED -> DeployRecord.Result.SUCCEEDED;
                case REFUSED -> DeployRecord.Result.REFUSED;
                case UNKNOWN -> DeployRecord.Result.UNKNOWN;
                default -> DeployRecord.Result.FAILED;
            };
            DeployRecord rec = new DeployRecord(DeployRecord.VERSION, scope.config().app(), scope.env().name(), run.account, run.region,
                    run.stackName, scope.actor().sourceIdentity(), scope.actor().sessionName(), run.callerArn, scope.gitSha(), null,
                    null, null, null, List.of(), result, run.reason, run.finalStatus, run.startedAt.toString(),
                    (run.finishedAt == null ? services.clock().instant() : run.finishedAt).toString(), run.phases, Map.of(), null, operation);
            try {
                run.recordFile = local.writeLocal(rec);
            } catch (RuntimeException e) {
                run.out.warn("could not write the local record: " + e.getMessage());
            }
            try {
                run.recordKey = RecordStore.upload(bucket(run, scope.config().app()), rec);
            } catch (PackagingException | SdkException e) {
                run.out.warn("could not upload the record to s3://" + run.target.artifactBucket() + ": " + AwsErrors.describe(e));
            }
        });
    }

    static ArtifactStore bucket(TargetRun run, String app) {
        return new ArtifactStore(run.session.s3(), run.target.artifactBucket(), app, run.session.callerArn());
    }

    private DeployRecord record(Inputs in, TargetRun run) {
        Prepared.Ready ready = run.execution != null ? run.execution.changeSet()
                : run.prepared instanceof Prepared.Ready r ? r : null;
        DeployRecord.ArtifactRef artifact = new DeployRecord.ArtifactRef(in.artifact().sha256(), in.artifact().size(),
                run.artifact == null ? run.target.artifactBucket() : run.artifact.bucket(),
                run.artifact == null ? in.artifactKey() : run.artifact.key(),
                run.artifact != null && run.artifact.uploaded());
        DeployRecord.Result result = switch (run.result) {
            case SUCCEEDED -> DeployRecord.Result.SUCCEEDED;
            case NO_CHANGES -> DeployRecord.Result.NO_CHANGES;
            case REFUSED -> DeployRecord.Result.REFUSED;
            case UNKNOWN -> DeployRecord.Result.UNKNOWN;
            default -> DeployRecord.Result.FAILED;
        };
        return new DeployRecord(DeployRecord.VERSION, in.config().app(), in.env().name(), run.account, run.region, run.stackName,
                in.actor().sourceIdentity(), in.actor().sessionName(), run.callerArn, in.gitSha(), artifact,
                ready == null ? null : ready.changeSetId(), ready == null ? null : ready.changeSetName(),
                ready == null ? null : ready.changeSetType(), run.prepared == null ? List.of() : run.prepared.changes(),
                result, run.reason, run.execution == null ? null : run.execution.finalStatus(),
                run.startedAt.toString(), (run.finishedAt == null ? services.clock().instant() : run.finishedAt).toString(),
                run.phases, run.execution == null ? Map.of() : run.execution.outputs(),
                run.execution == null || run.spec == null ? null : run.spec.deployId().executeToken());
    }

    /**
     * An "executing; result unknown" record settled from the stack's own events: the terminal status of
     * the operation that carries the record's execute token. Once known, the settled record replaces
     * the latest one (locally, and in the bucket when there is one) so promotion and status agree.
     *
     * @param bucket nullable: no bucket to update
     * @return the settled record, or {@code r} itself while the operation is still going or cannot be read
     */
    DeployRecord settle(DeployRecord r, StackDeployer d, Printer p, ArtifactStore bucket) {
        String label = r.environment() + " " + r.account() + "/" + r.region();
        if (r.executeToken() == null) {
            return r;
        }
        String status;
        try {
            StackSnapshot now = d.describe(r.stackName());
            status = now == null ? null : d.terminalStatusOf(now.stackId(), r.executeToken());
            if (status == null) {
                p.warn("the last deploy to " + label + " is 'executing; result unknown' and its change set " + r.changeSetName()
                        + " is still running" + (now == null ? "" : " (stack " + now.status() + ")") + "; run 'pipeline status --env "
                        + r.environment() + "' again later");
                return r;
            }
        } catch (SdkException e) {
            p.warn("cannot settle the 'executing; result unknown' deploy to " + label + ": " + AwsErrors.describe(e));
            return r;
        }
        boolean ok = StackStates.isSuccess(status);
        DeployRecord settled = r.settled(ok ? DeployRecord.Result.SUCCEEDED : DeployRecord.Result.FAILED,
                ok ? null : "stack " + status + " (settled after the deploy lost sight of it; see aws cloudformation describe-stack-events --stack-name "
                        + r.stackName() + ")", status, services.clock().instant().toString());
        p.info("the deploy recorded as 'executing; result unknown' (change set " + r.changeSetName() + ") ended " + status
                + "; recorded as " + settled.result());
        try {
            local().writeLocal(settled);
        } catch (RuntimeException e) {
            p.warn("could not write the local deploy record: " + e.getMessage());
        }
        if (bucket != null) {
            try {
                RecordStore.upload(bucket, settled);
            } catch (PackagingException | SdkException e) {
                p.warn("could not upload the settled deploy record: " + AwsErrors.describe(e));
            }
        }
        return settled;
    }
}
