package dev.userapi.pipeline.deploy;

import dev.userapi.pipeline.changeset.OperationWatch;
import dev.userapi.pipeline.changeset.StackSnapshot;
import dev.userapi.pipeline.progress.Printer;
import dev.userapi.pipeline.session.Access;
import java.util.List;
import java.util.UUID;

/**
 * {@code pipeline cancel}: {@code CancelUpdateStack} on a stack whose update is in progress, then the
 * rollback it starts followed to {@code UPDATE_ROLLBACK_COMPLETE}. CloudFormation cancels only an
 * update ({@code UPDATE_IN_PROGRESS}); any other status has nothing to cancel.
 */
public final class Cancel {
    private final Services services;
    private final Preflight preflight;
    private final Targets targets;
    private final Rollout rollout;
    private final Records records;

    public Cancel(Services services, Printer out) {
        this.services = services;
        this.preflight = new Preflight(services, out);
        this.targets = new Targets(services, out);
        this.rollout = new Rollout(services, out);
        this.records = new Records(services, rollout);
    }

    public Report cancel(DeployOptions o) {
        Scope scope = preflight.scope(o);
        Access access = preflight.access(o, scope);
        List<TargetRun> runs = targets.runs(scope.env());
        rollout.parallel(runs, run -> {
            targets.connect(run, access, scope.actor());
            StackSnapshot stack = run.deployer.describe(run.stackName);
            String status = stack == null ? "not deployed" : stack.status();
            if (!"UPDATE_IN_PROGRESS".equals(status)) {
                run.details.add("stack " + run.stackName + " is " + status + ": no update in progress to cancel");
                run.finish(TargetRun.Result.NO_CHANGES, "no update in progress (" + status + ")");
                return;
            }
            OperationWatch watch = new OperationWatch(run.cloudFormation(), run.out, targets.poller(), services.waitLimits());
            String token = "pipeline-cancel-" + UUID.randomUUID();
            run.out.info("cancelling the update of " + run.stackName);
            OperationWatch.Outcome end = run.timed("cancel", () -> watch.run(stack.stackId(), run.stackName, token,
                    t -> run.cloudFormation().cancelUpdateStack(b -> b.stackName(stack.stackId()).clientRequestToken(t))));
            run.finalStatus = end.finalStatus();
            if (!end.known()) {
                run.finish(TargetRun.Result.UNKNOWN, "cancelled; the rollback's result is unknown: " + end.rootCause());
            } else if ("UPDATE_ROLLBACK_COMPLETE".equals(end.finalStatus())) {
                run.details.add("update cancelled; stack " + run.stackName + " is UPDATE_ROLLBACK_COMPLETE");
                run.finish(TargetRun.Result.SUCCEEDED, null);
            } else if ("UPDATE_COMPLETE".equals(end.finalStatus())) {
                // The update finished before the cancel reached it: CloudFormation then has nothing to cancel.
                run.details.add("the update finished before it could be cancelled; stack " + run.stackName + " is UPDATE_COMPLETE");
                run.finish(TargetRun.Result.NO_CHANGES, "the update completed first");
            } else {
                run.finish(TargetRun.Result.FAILED, "stack " + end.finalStatus() + "; root cause: " + end.rootCause()
                        + ("UPDATE_ROLLBACK_FAILED".equals(end.finalStatus()) ? ". 'pipeline rollback --env " + scope.env().name() + "' continues it" : ""));
            }
        });
        records.writeOperation(scope, runs, "cancel");
        return Reports.of("cancel", scope, runs, Outcome.SUCCEEDED, null);
    }
}
