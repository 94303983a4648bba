package dev.userapi.pipeline.deploy;

import dev.userapi.pipeline.changeset.DriftDetection;
import dev.userapi.pipeline.changeset.StackSnapshot;
import dev.userapi.pipeline.progress.Printer;
import dev.userapi.pipeline.session.Access;
import java.util.List;

/**
 * {@code pipeline drift}: CloudFormation's drift detection on each target's app stack, waited for, and
 * every resource changed outside CloudFormation listed with its property differences. Ends DRIFTED
 * when any resource did, so a scheduled job can alert on the exit code.
 */
public final class Drift {
    private final Services services;
    private final Preflight preflight;
    private final Targets targets;
    private final Rollout rollout;

    public Drift(Services services, Printer out) {
        this.services = services;
        this.preflight = new Preflight(services, out);
        this.targets = new Targets(services, out);
        this.rollout = new Rollout(services, out);
    }

    public Report drift(DeployOptions o) {
        Scope scope = preflight.scope(o);
        Access access = preflight.access(o, scope);
        List<TargetRun> runs = targets.runs(scope.env());
        rollout.parallel(runs, run -> {
            targets.connect(run, access, scope.actor());
            StackSnapshot stack = run.deployer.describe(run.stackName);
            if (stack == null) {
                throw dev.userapi.pipeline.changeset.DeployException.refused("stack " + run.stackName
                        + " is not deployed: there is nothing to check for drift");
            }
            run.out.info("detecting drift on " + run.stackName + " (CloudFormation compares each resource with the template; this takes a while)");
            DriftDetection detection = new DriftDetection(run.cloudFormation(), targets.poller(), DriftCheck.DETECTION_TIMEOUT);
            DriftDetection.Result r = run.timed("drift", () -> detection.detect(run.stackName));
            if (r.failureReason() != null) {
                run.out.warn("drift detection did not check everything: " + r.failureReason());
            }
            run.data = r;
            if (!r.isDrifted()) {
                run.details.add("stack " + run.stackName + ": IN_SYNC (checked " + r.checkedAt() + ")");
                run.finish(TargetRun.Result.IN_SYNC, null);
                return;
            }
            run.details.add("stack " + run.stackName + ": DRIFTED (checked " + r.checkedAt() + "), " + r.drifted().size()
                    + " resource" + (r.drifted().size() == 1 ? "" : "s") + ":");
            for (DriftDetection.ResourceDrift d : r.drifted()) {
                run.details.add("  " + ("DELETED".equals(d.status()) ? "- " : "~ ") + d.logicalId() + " (" + d.type() + ") "
                        + d.physicalId() + " " + d.status());
                for (DriftDetection.PropertyDifference p : d.differences()) {
                    run.details.add("      " + p.path() + ": " + p.type() + " template " + value(p.expected()) + ", actual " + value(p.actual()));
                }
            }
            run.finish(TargetRun.Result.DRIFTED, r.drifted().size() + " resource(s) drifted");
        });
        return Reports.of("drift", scope, runs, Outcome.IN_SYNC, null);
    }

    private static String value(String v) {
        return v == null ? "(none)" : v;
    }
}
