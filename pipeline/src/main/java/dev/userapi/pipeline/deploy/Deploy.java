package dev.userapi.pipeline.deploy;

import dev.userapi.pipeline.changeset.DeployException;
import dev.userapi.pipeline.config.Target;
import dev.userapi.pipeline.progress.Printer;
import dev.userapi.pipeline.session.Access;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code pipeline deploy}: the app stack of every target of an environment through reviewed change
 * sets, from the local template and artifact or from a saved plan.
 */
public final class Deploy {
    private final Services services;
    private final Preflight preflight;
    private final Targets targets;
    private final Rollout rollout;
    private final AppStacks stacks;
    private final Promotion promotion;
    private final Records records;

    public Deploy(Services services, Printer out) {
        this.services = services;
        this.preflight = new Preflight(services, out);
        this.targets = new Targets(services, out);
        this.rollout = new Rollout(services, out);
        this.stacks = new AppStacks(preflight, targets, new DriftCheck(services));
        this.records = new Records(services, rollout);
        this.promotion = new Promotion(services, out, records, targets);
    }

    public Report deploy(DeployOptions o) {
        Inputs in = preflight.stack(o);
        if (o.disableRollback() && in.env().isProtected()) {
            throw DeployException.refused(in.env().name() + " is protected: its stacks always roll back a failed change."
                    + " --disable-rollback is for development environments.");
        }
        Access access = preflight.access(o, in);
        promotion.check(in, access);
        List<TargetRun> runs = targets.runs(in.env());
        targets.announce("deploying", in, runs);
        rollout.parallel(runs, run -> stacks.prepare(in, run, access, o, null));
        String stopped = rollout.timedReview(runs, o.allowReplace(), in.env().isProtected(), o.yes(), in.env().name());
        if (stopped == null) {
            rollout.execute(runs, o.allowReplace());
        }
        records.write(in, runs);
        return Reports.of("deploy", in, runs, stopped);
    }

    /** Executes exactly the change sets of a plan saved by {@code plan --save}, after checking nothing moved since. */
    public Report deployPlan(DeployOptions o, Path planPath) {
        PlanFile plan = PlanFile.read(services.resolve(planPath));
        if (o.environment() != null && !o.environment().equals(plan.environment())) {
            throw DeployException.badInput(planPath + " is a plan for " + plan.environment() + ", not " + o.environment());
        }
        DeployOptions effective = o.forEnvironment(plan.environment()).withAllowReplace(union(plan.allowReplace(), o.allowReplace()));
        Inputs in = preflight.stack(effective, plan);
        if (!in.artifact().sha256().equals(plan.artifactSha256())) {
            throw DeployException.refused("the artifact " + in.artifact().path() + " (sha256 " + in.artifact().sha256()
                    + ") is not the one planned (sha256 " + plan.artifactSha256() + "); pass --artifact with the planned build, or make a new plan");
        }
        Map<String, PlanFile.PlannedTarget> planned = new LinkedHashMap<>();
        for (PlanFile.PlannedTarget p : plan.targets()) {
            planned.put(p.account() + "/" + p.region(), p);
        }
        for (Target t : in.env().targets()) {
            if (!planned.containsKey(t.account() + "/" + t.region())) {
                throw DeployException.badInput(planPath + " has no change set for " + t.label() + "; make a new plan");
            }
        }
        Access access = preflight.access(effective, in);
        List<TargetRun> runs = targets.runs(in.env());
        targets.announce("deploying the plan " + planPath + " for", in, runs);
        rollout.parallel(runs, run -> stacks.preparePlanned(in, run, access, planned.get(run.account + "/" + run.region), effective));
        String stopped = rollout.timedReview(runs, effective.allowReplace(), in.env().isProtected(), effective.yes(), in.env().name());
        if (stopped == null) {
            rollout.execute(runs, effective.allowReplace());
        }
        records.write(in, runs);
        return Reports.of("deploy", in, runs, stopped);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return out;
    }
}
