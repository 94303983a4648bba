package dev.userapi.pipeline.record;

import dev.userapi.pipeline.changeset.Change;
import java.util.List;
import java.util.Map;

/**
 * What one deploy of one target did, written as JSON locally and beside the artifact in S3: who, which
 * commit, which artifact, which change set and changes, the result and how long each phase took. The
 * next environment's promotion reads it to know which artifact this one runs.
 *
 * @param result      {@link Result}
 * @param reason      why it failed or was refused (the root cause), else null
 * @param startedAt   ISO-8601 UTC
 * @param phaseMillis duration per phase: assume, upload, changeset, review, execute
 * @param executeToken the ExecuteChangeSet ClientRequestToken (every stack event of the execution carries
 *                     it), so an UNKNOWN result can be settled later from the stack's events; null when
 *                     nothing was executed
 * @param operation    null or {@code deploy} for a deploy; {@code delete}, {@code rollback} or {@code cancel} for the
 *                     commands that change a stack without a change set. Only a deploy says which artifact runs.
 */
public record DeployRecord(int version, String app, String environment, String account, String region, String stackName,
                           String actor, String sessionName, String assumedRoleArn, String gitSha,
                           ArtifactRef artifact, String changeSetId, String changeSetName, String changeSetType,
                           List<Change> changes, Result result, String reason, String stackStatus,
                           String startedAt, String finishedAt, Map<String, Long> phaseMillis, Map<String, String> outputs,
                           String executeToken, String operation) {

    public static final int VERSION = 1;

    /**
     * UNKNOWN: "executing; result unknown". The change set was executed, then the deploy lost sight of
     * the stack (throttling, network, expired credentials) before CloudFormation's terminal status;
     * {@code pipeline status} settles it from the stack's events.
     */
    public enum Result { SUCCEEDED, FAILED, NO_CHANGES, REFUSED, UNKNOWN }

    /**
     * @param uploaded whether this deploy uploaded it (false: it was already there)
     */
    public record ArtifactRef(String sha256, long size, String bucket, String key, boolean uploaded) {
    }

    /** A deploy's record. */
    public DeployRecord(int version, String app, String environment, String account, String region, String stackName,
                        String actor, String sessionName, String assumedRoleArn, String gitSha,
                        ArtifactRef artifact, String changeSetId, String changeSetName, String changeSetType,
                        List<Change> changes, Result result, String reason, String stackStatus,
                        String startedAt, String finishedAt, Map<String, Long> phaseMillis, Map<String, String> outputs,
                        String executeToken) {
        this(version, app, environment, account, region, stackName, actor, sessionName, assumedRoleArn, gitSha, artifact, changeSetId,
                changeSetName, changeSetType, changes, result, reason, stackStatus, startedAt, finishedAt, phaseMillis, outputs,
                executeToken, null);
    }

    public DeployRecord {
        changes = changes == null ? List.of() : List.copyOf(changes);
        phaseMillis = phaseMillis == null ? Map.of() : Map.copyOf(phaseMillis);
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
    }

    /** The same record with the result CloudFormation's terminal status gave, once known. */
    public DeployRecord settled(Result settled, String why, String status, String at) {
        return new DeployRecord(version, app, environment, account, region, stackName, actor, sessionName, assumedRoleArn, gitSha,
                artifact, changeSetId, changeSetName, changeSetType, changes, settled, why, status, startedAt, at, phaseMillis, outputs,
                executeToken, operation);
    }

    /** Whether the artifact it names is what runs in the target now. */
    public boolean deployed() {
        return (operation == null || operation.equals("deploy")) && (result == Result.SUCCEEDED || result == Result.NO_CHANGES);
    }
}
