package dev.userapi.pipeline.deploy;

import dev.userapi.pipeline.changeset.Prepared;
import java.util.List;

/** Turns the targets' runs into the command's {@link Report}: one row per target, the worst outcome overall. */
final class Reports {
    private Reports() {
    }

    static TargetReport target(TargetRun r) {
        Prepared.Ready ready = r.execution != null ? r.execution.changeSet() : r.prepared instanceof Prepared.Ready x ? x : null;
        return new TargetReport(r.label, r.account, r.region, r.stackName, r.result == null ? "NOT_EXECUTED" : r.result.name(), r.reason,
                ready == null ? null : ready.changeSetName(), ready == null ? null : ready.changeSetId(),
                ready == null ? null : ready.changeSetType(), r.prepared == null ? List.of() : r.prepared.changes(),
                r.execution == null ? null : r.execution.finalStatus(), r.execution == null ? java.util.Map.of() : r.execution.outputs(),
                r.recordKey, r.recordFile == null ? null : r.recordFile.toString(), r.phases, r.details, r.data);
    }

    /** A command over a template and an artifact (deploy, plan). */
    static Report of(String command, Inputs in, List<TargetRun> runs, String message) {
        return new Report(command, in.config().app(), in.env().name(), overall(command, runs), message, in.gitSha(),
                in.actor().sourceIdentity(), in.artifact().sha256(), in.artifact().path().toString(),
                runs.stream().map(Reports::target).toList());
    }

    /** A command over an environment's stacks (status, diff, drift, logs, rollback, cancel, delete). */
    static Report of(String command, Scope scope, List<TargetRun> runs, Outcome success, String message) {
        return new Report(command, scope.config().app(), scope.env().name(),
                Outcome.worst(runs.stream().map(TargetRun::outcome).toList(), success), message, scope.gitSha(),
                scope.actor().sourceIdentity(), null, null, runs.stream().map(Reports::target).toList());
    }

    /** The worst target decides; when all went well, what the command did: PLANNED, NO_CHANGES or SUCCEEDED. */
    static Outcome overall(String command, List<TargetRun> runs) {
        Outcome success = command.equals("plan") ? Outcome.PLANNED
                : !runs.isEmpty() && runs.stream().allMatch(r -> r.result == TargetRun.Result.NO_CHANGES) ? Outcome.NO_CHANGES
                : Outcome.SUCCEEDED;
        return Outcome.worst(runs.stream().map(TargetRun::outcome).toList(), success);
    }
}
