package dev.userapi.pipeline.deploy;

import dev.userapi.pipeline.changeset.DeployException;
import dev.userapi.pipeline.changeset.DeployedStack;
import dev.userapi.pipeline.changeset.OperationWatch;
import dev.userapi.pipeline.changeset.StackSnapshot;
import dev.userapi.pipeline.changeset.StatefulResources;
import dev.userapi.pipeline.progress.Printer;
import dev.userapi.pipeline.session.Access;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code pipeline rollback}: a stack a failed change left behind, brought back to its last working state
 * through the execution role.
 * <ul>
 * <li>{@code UPDATE_ROLLBACK_FAILED}: {@code ContinueUpdateRollback}, skipping the resources named with
 *     {@code --skip} (CloudFormation then marks them rolled back without touching them). A stateful one is
 *     refused unless {@code --allow-replace} names it too: skipping leaves it as the failed update made it.</li>
 * <li>{@code UPDATE_FAILED} or {@code CREATE_FAILED} (left by {@code deploy --disable-rollback}): {@code RollbackStack}.</li>
 * </ul>
 * Any other status has nothing to roll back.
 */
public final class Rollback {
    private final Services services;
    private final Preflight preflight;
    private final Targets targets;
    private final Rollout rollout;
    private final Records records;

    /** @param skip logical ids for ContinueUpdateRollback's ResourcesToSkip */
    public record Options(DeployOptions common, Set<String> skip) {
        public Options {
            skip = Set.copyOf(skip);
        }
    }

    public Rollback(Services services, Printer out) {
        this.services = services;
        this.preflight = new Preflight(services, out);
        this.targets = new Targets(services, out);
        this.rollout = new Rollout(services, out);
        this.records = new Records(services, rollout);
    }

    public Report rollback(Options o) {
        Scope scope = preflight.scope(o.common());
        Access access = preflight.access(o.common(), scope);
        List<TargetRun> runs = targets.runs(scope.env());
        rollout.parallel(runs, run -> {
            targets.connect(run, access, scope.actor());
            StackSnapshot stack = run.deployer.describe(run.stackName);
            String status = stack == null ? "not deployed" : stack.status();
            boolean continueRollback = "UPDATE_ROLLBACK_FAILED".equals(status);
            boolean rollbackStack = "UPDATE_FAILED".equals(status) || "CREATE_FAILED".equals(status);
            if (!continueRollback && !rollbackStack) {
                if (!o.skip().isEmpty()) {
                    throw DeployException.badInput("--skip is for a stack in UPDATE_ROLLBACK_FAILED; " + run.stackName + " is " + status);
                }
                run.details.add("stack " + run.stackName + " is " + status + ": nothing to roll back");
                run.finish(TargetRun.Result.NO_CHANGES, "nothing to roll back (" + status + ")");
                return;
            }
            if (rollbackStack && !o.skip().isEmpty()) {
                throw DeployException.badInput("--skip applies to ContinueUpdateRollback (UPDATE_ROLLBACK_FAILED); " + run.stackName
                        + " is " + status + " and rolls back whole with RollbackStack");
            }
            if (continueRollback) {
                checkSkips(run, stack, o);
            }
            OperationWatch watch = new OperationWatch(run.cloudFormation(), run.out, targets.poller(), services.waitLimits());
            String token = "pipeline-rollback-" + UUID.randomUUID();
            String role = run.target.executionRoleArn();
            run.out.info((continueRollback ? "continuing the rollback of " : "rolling back ") + run.stackName
                    + (o.skip().isEmpty() ? "" : ", skipping " + String.join(", ", o.skip())));
            OperationWatch.Outcome end = run.timed("rollback", () -> watch.run(stack.stackId(), run.stackName, token, t -> {
                if (continueRollback) {
                    run.cloudFormation().continueUpdateRollback(b -> b.stackName(stack.stackId()).roleARN(role)
                            .resourcesToSkip(o.skip()).clientRequestToken(t));
                } else {
                    run.cloudFormation().rollbackStack(b -> b.stackName(stack.stackId()).roleARN(role).clientRequestToken(t));
                }
            }));
            run.finalStatus = end.finalStatus();
            if (!end.known()) {
                run.finish(TargetRun.Result.UNKNOWN, "rollback started; result unknown: " + end.rootCause());
            } else if (end.finalStatus().endsWith("ROLLBACK_COMPLETE")) {
                run.details.add("stack " + run.stackName + " is " + end.finalStatus()
                        + (end.finalStatus().equals("ROLLBACK_COMPLETE") ? "; its first create never succeeded, so 'pipeline deploy' recreates it" : "; deploy again when ready"));
                run.finish(TargetRun.Result.SUCCEEDED, null);
            } else {
                run.finish(TargetRun.Result.FAILED, "stack " + end.finalStatus() + "; root cause: " + end.rootCause()
                        + (continueRollback ? ". Fix that resource, or name it with --skip, and run 'pipeline rollback' again" : ""));
            }
        });
        records.writeOperation(scope, runs, "rollback");
        return Reports.of("rollback", scope, runs, Outcome.SUCCEEDED, null);
    }

    /** Every id to skip is in the stack; a stateful one must also be named by --allow-replace. */
    private static void checkSkips(TargetRun run, StackSnapshot stack, Options o) {
        if (o.skip().isEmpty()) {
            return;
        }
        var deployed = DeployedStack.template(run.cloudFormation(), stack.stackId(), run.stackName);
        Set<String> unknown = new LinkedHashSet<>(o.skip());
        unknown.removeAll(deployed.resources().keySet());
        if (!unknown.isEmpty()) {
            throw DeployException.badInput("--skip " + String.join(", ", unknown) + ": no such resource in stack " + run.stackName
                    + " (its logical ids: " + String.join(", ", deployed.resources().keySet()) + ")");
        }
        Set<String> stateful = new LinkedHashSet<>(o.skip());
        stateful.retainAll(StatefulResources.in(deployed));
        stateful.removeAll(o.common().allowReplace());
        if (!stateful.isEmpty()) {
            throw DeployException.refused("--skip " + String.join(", ", stateful) + " would leave stateful resources as the failed"
                    + " update made them, while the stack records the old state. If you accept that, name them with --allow-replace too.");
        }
    }
}
