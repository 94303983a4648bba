package dev.userapi.pipeline.deploy;

import dev.userapi.pipeline.changeset.Capabilities;
import dev.userapi.pipeline.changeset.Prepared;
import dev.userapi.pipeline.changeset.StackSnapshot;
import dev.userapi.pipeline.changeset.StatefulResources;
import dev.userapi.pipeline.config.Target;
import dev.userapi.pipeline.execrole.DerivedPolicy;
import dev.userapi.pipeline.execrole.ExecRolePolicy;
import dev.userapi.pipeline.progress.Printer;
import dev.userapi.pipeline.session.Access;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code pipeline plan}: every change set a deploy would execute, shown and never executed. */
public final class Plan {
    private final Services services;
    private final Printer out;
    private final Preflight preflight;
    private final Targets targets;
    private final Rollout rollout;
    private final AppStacks stacks;
    private final Promotion promotion;

    public Plan(Services services, Printer out) {
        this.services = services;
        this.out = out;
        this.preflight = new Preflight(services, out);
        this.targets = new Targets(services, out);
        this.rollout = new Rollout(services, out);
        this.stacks = new AppStacks(preflight, targets, new DriftCheck(services));
        this.promotion = new Promotion(services, out, new Records(services, rollout), targets);
    }

    /**
     * Everything up to showing the change sets; never executes. Without {@code save} the change sets
     * (and any placeholder stack) are deleted; with it they are kept and the plan file written.
     */
    public Report plan(DeployOptions o, Path save) {
        Inputs in = preflight.stack(o);
        Access access = preflight.access(o, in);
        promotion.check(in, access);
        List<TargetRun> runs = targets.runs(in.env());
        targets.announce("planning", in, runs);
        // The app template's types against the execution role each account actually has: a type the
        // role cannot manage is refused here, not half-way through a change set.
        DerivedPolicy derived = ExecRolePolicy.shipped().derive(in.template());
        rollout.parallel(runs, run -> stacks.prepare(in, run, access, o, derived));
        String stopped = rollout.review(runs, o.allowReplace(), false, false, in.env().name());
        if (stopped == null && save != null) {
            List<TargetRun> recreate = runs.stream().filter(r -> r.prepared instanceof Prepared.Recreate).toList();
            if (!recreate.isEmpty()) {
                rollout.discard(runs);
                stopped = "cannot save a plan: " + recreate.get(0).stackName + " is ROLLBACK_COMPLETE and has to be deleted"
                        + " before a change set can be made; run 'pipeline deploy --env " + in.env().name() + "'";
                out.error(stopped);
                for (TargetRun r : runs) {
                    r.finish(TargetRun.Result.REFUSED, stopped);
                }
            }
        }
        if (stopped == null) {
            if (save == null) {
                rollout.discard(runs);
            } else {
                Path file = services.resolve(save);
                planFile(in, o, runs).write(file);
                out.info("plan saved to " + file + "; execute it with: pipeline deploy --plan " + save);
            }
            for (TargetRun r : runs) {
                if (r.result == null) {
                    r.finish(TargetRun.Result.PLANNED, null);
                }
            }
        }
        return Reports.of("plan", in, runs, stopped);
    }

    /** No AWS at all: what would be assumed, uploaded and changed, from the files alone. */
    public Report planOffline(DeployOptions o) {
        Inputs in = preflight.stack(o);
        List<TargetRun> runs = targets.runs(in.env());
        targets.announce("planning (offline)", in, runs);
        String key = in.artifactKey();
        for (TargetRun run : runs) {
            Target t = run.target;
            Map<String, String> params = preflight.appParameters(in, t, key);
            run.out.info("would assume " + t.deployerRoleArn() + " in account " + t.account() + " (" + t.region() + ")"
                    + " as " + in.actor().sourceIdentity() + ", session " + in.actor().sessionName()
                    + (t.endpoint() == null ? "" : ", endpoint " + t.endpoint()));
            run.out.info("would upload the artifact to s3://" + t.artifactBucket() + "/" + key + " unless it is there");
            run.out.info("would change stack " + t.stackName() + " through a change set run by " + t.executionRoleArn()
                    + ", capabilities " + Capabilities.required(in.template()));
            run.out.info("parameters:");
            Set<String> secret = Parameters.secretNames(in.template(), in.env().parametersFromEnv().keySet());
            Parameters.masked(params, secret).forEach((k, v) -> run.out.info("  " + k + " = " + v
                    + (in.env().parametersFromEnv().containsKey(k) ? " (from $" + in.env().parametersFromEnv().get(k) + ")" : "")));
            if (in.env().isProtected()) {
                run.out.info("protected: needs --yes or a confirmation; termination protection and a stack policy on "
                        + StatefulResources.in(in.template()));
            }
            run.finish(TargetRun.Result.PLANNED, null);
        }
        return Reports.of("plan", in, runs, null);
    }

    private PlanFile planFile(Inputs in, DeployOptions o, List<TargetRun> runs) {
        List<PlanFile.PlannedTarget> targets = new ArrayList<>();
        for (TargetRun r : runs) {
            Prepared p = r.prepared;
            // A change set that created its stack made a REVIEW_IN_PROGRESS placeholder: that is the state to keep.
            StackSnapshot state = p instanceof Prepared.Ready ready && (ready.createdStack() || p.before() == null)
                    ? r.deployer.describe(ready.stackId())
                    : p.before();
            String changedAt = state == null || state.changedAt() == null ? null : state.changedAt().toString();
            String status = state == null ? "no stack" : state.status();
            if (p instanceof Prepared.Ready ready) {
                targets.add(new PlanFile.PlannedTarget(r.label, r.account, r.region, r.stackName, ready.stackId(), ready.changeSetId(),
                        ready.changeSetName(), ready.changeSetType(), status, changedAt, r.artifact.key(), ready.statefulIds(), ready.changes()));
            } else {
                targets.add(new PlanFile.PlannedTarget(r.label, r.account, r.region, r.stackName, state == null ? null : state.stackId(),
                        null, null, null, status, changedAt, r.artifact.key(), r.spec.statefulIds(), List.of()));
            }
        }
        return new PlanFile(PlanFile.VERSION, in.config().app(), in.env().name(), in.gitSha(), in.actor().sourceIdentity(),
                services.clock().instant().toString(), in.artifact().sha256(), in.artifact().size(), o.allowReplace(), targets);
    }
}
