package dev.userapi.pipeline.deploy;

import dev.userapi.pipeline.changeset.StackSnapshot;
import dev.userapi.pipeline.packaging.ArtifactStore;
import dev.userapi.pipeline.progress.Printer;
import dev.userapi.pipeline.record.DeployRecord;
import dev.userapi.pipeline.record.RecordStore;
import dev.userapi.pipeline.session.Access;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@code pipeline status}: each target's stack status, its last deploy record (settled if it must be) and its outputs. */
public final class Status {
    private final Preflight preflight;
    private final Targets targets;
    private final Rollout rollout;
    private final Records records;

    public Status(Services services, Printer out) {
        this.preflight = new Preflight(services, out);
        this.targets = new Targets(services, out);
        this.rollout = new Rollout(services, out);
        this.records = new Records(services, rollout);
    }

    public Report status(DeployOptions o) {
        Scope scope = preflight.scope(o);
        Access access = preflight.access(o, scope);
        String app = scope.config().app();
        String env = scope.env().name();
        List<TargetRun> runs = targets.runs(scope.env());
        RecordStore local = records.local();
        Map<TargetRun, Optional<DeployRecord>> found = new ConcurrentHashMap<>();
        Map<TargetRun, StackSnapshot> stacks = new ConcurrentHashMap<>();
        rollout.parallel(runs, run -> {
            targets.connect(run, access, scope.actor());
            StackSnapshot s = run.deployer.describe(run.stackName);
            ArtifactStore bucket = Records.bucket(run, app);
            Optional<DeployRecord> rec = RecordStore.readLatest(bucket, app, env, run.account, run.region);
            if (rec.isEmpty()) {
                rec = local.readLocalLatest(env, run.account, run.region);
            }
            if (rec.isPresent() && rec.get().result() == DeployRecord.Result.UNKNOWN) {
                rec = Optional.of(records.settle(rec.get(), run.deployer, run.out, bucket));
            }
            if (rec.isPresent()) {
                run.recordKey = RecordStore.latestKey(app, env, run.account, run.region);
            }
            if (s != null) {
                stacks.put(run, s);
            }
            found.put(run, rec);
            run.details.add("stack " + run.stackName + ": " + (s == null ? "not deployed" : s.status()
                    + (s.changedAt() == null ? "" : " (last changed " + s.changedAt() + ")")
                    + (s.statusReason() == null ? "" : " " + s.statusReason())));
            run.details.add(rec.map(r -> "last deploy: " + r.result() + " at " + r.finishedAt() + " by " + r.actor()
                            + ", git " + r.gitSha() + ", artifact sha256 " + (r.artifact() == null ? "?" : r.artifact().sha256())
                            + (r.changeSetName() == null ? "" : ", change set " + r.changeSetName())
                            + (r.reason() == null ? "" : " (" + r.reason() + ")"))
                    .orElse("last deploy: no record"));
            if (s != null && !s.outputs().isEmpty()) {
                run.details.add("outputs:");
                s.sortedOutputs().forEach((k, v) -> run.details.add("  " + k + " = " + v));
            }
            run.finish(TargetRun.Result.SUCCEEDED, null);
        });
        List<TargetReport> reports = new ArrayList<>();
        for (TargetRun r : runs) {
            StackSnapshot s = stacks.get(r);
            Optional<DeployRecord> rec = found.getOrDefault(r, Optional.empty());
            reports.add(new TargetReport(r.label, r.account, r.region, r.stackName, r.failed() ? r.result.name() : s == null ? "NOT_DEPLOYED" : s.status(),
                    r.failed() ? r.reason : rec.map(x -> x.result() + " at " + x.finishedAt() + " by " + x.actor() + ", git " + x.gitSha()).orElse(null),
                    rec.map(DeployRecord::changeSetName).orElse(null), rec.map(DeployRecord::changeSetId).orElse(null),
                    rec.map(DeployRecord::changeSetType).orElse(null), rec.map(DeployRecord::changes).orElse(List.of()),
                    s == null ? null : s.status(), s == null ? Map.of() : s.outputs(), r.recordKey, null, r.phases, r.details, null));
        }
        return new Report("status", app, env, Outcome.worst(runs.stream().map(TargetRun::outcome).toList(), Outcome.SUCCEEDED),
                null, scope.gitSha(), scope.actor().sourceIdentity(), null, null, reports);
    }
}
