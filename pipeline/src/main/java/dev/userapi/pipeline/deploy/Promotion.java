package dev.userapi.pipeline.deploy;

import dev.userapi.pipeline.auth.Actor;
import dev.userapi.pipeline.auth.AuthException;
import dev.userapi.pipeline.changeset.AwsErrors;
import dev.userapi.pipeline.changeset.DeployException;
import dev.userapi.pipeline.changeset.StackDeployer;
import dev.userapi.pipeline.config.Environment;
import dev.userapi.pipeline.config.Target;
import dev.userapi.pipeline.packaging.ArtifactStore;
import dev.userapi.pipeline.packaging.PackagingException;
import dev.userapi.pipeline.progress.Printer;
import dev.userapi.pipeline.record.DeployRecord;
import dev.userapi.pipeline.record.RecordStore;
import dev.userapi.pipeline.session.Access;
import dev.userapi.pipeline.session.TargetSession;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Promotion: without --artifact, the artifact must be the one the previous environment runs, as its
 * latest deploy record says. The record is read from the previous environment's artifact bucket
 * (through its deployer role, which is authoritative); if that role cannot be assumed from here, the
 * local record of a deploy made from this machine is used instead.
 */
final class Promotion {
    private final Services services;
    private final Printer out;
    private final Records records;
    private final Targets targets;

    Promotion(Services services, Printer out, Records records, Targets targets) {
        this.services = services;
        this.out = out;
        this.records = records;
        this.targets = targets;
    }

    /** @throws DeployException refused, saying what the previous environment runs and what to pass */
    void check(Inputs in, Access access) {
        Optional<Environment> prev = in.config().previous(in.env());
        if (prev.isEmpty()) {
            return;
        }
        if (in.artifactExplicit()) {
            out.info("deploying " + in.artifact().path() + " (sha256 " + in.artifact().sha256() + ") as --artifact says;"
                    + " not compared with what " + prev.get().name() + " runs");
            return;
        }
        Target t = prev.get().targets().get(0);
        String app = in.config().app();
        Optional<DeployRecord> rec;
        String where;
        TargetSession session = null;
        ArtifactStore prevBucket = null;
        try {
            Actor actor = Actor.detect(services.env(), in.actor().sourceIdentity(), in.gitSha(), prev.get().name());
            session = access.open(t, actor);
            where = "s3://" + t.artifactBucket() + "/" + RecordStore.latestKey(app, prev.get().name(), t.account(), t.region());
            prevBucket = new ArtifactStore(session.s3(), t.artifactBucket(), app, session.callerArn());
            rec = RecordStore.readLatest(prevBucket, app, prev.get().name(), t.account(), t.region());
        } catch (AuthException | SdkException | PackagingException e) {
            session = null;
            out.warn("cannot read " + prev.get().name() + "'s deploy record from its bucket (" + AwsErrors.describe(e)
                    + "); using the record of this machine's last deploy there");
            where = records.localDirectory() + "/" + prev.get().name() + "/" + t.account() + "-" + t.region() + "/latest.json";
            rec = records.local().readLocalLatest(prev.get().name(), t.account(), t.region());
        }
        if (rec.isEmpty()) {
            throw DeployException.refused("nothing is recorded as deployed to " + prev.get().name() + " (no " + where + "): "
                    + in.env().name() + " takes its artifact from there. Deploy " + prev.get().name()
                    + " first, or pass --artifact PATH to deploy a build deliberately.");
        }
        DeployRecord r = rec.get();
        if (r.result() == DeployRecord.Result.UNKNOWN && session != null) {
            // Not final: the stack itself says how that execution ended.
            r = records.settle(r, new StackDeployer(session.cloudFormation(), out, targets.poller(), services.waitLimits()), out, prevBucket);
        }
        if (r.result() == DeployRecord.Result.UNKNOWN) {
            throw DeployException.refused("the last deploy to " + prev.get().name() + " is still 'executing; result unknown' (" + where
                    + "): its stack has not reached a final status that can be read from here. Run 'pipeline status --env "
                    + prev.get().name() + "' once it has, then promote.");
        }
        if (!r.deployed()) {
            throw DeployException.refused("the last deploy to " + prev.get().name() + " " + r.result() + " (" + r.reason() + ", " + where
                    + "); promote only what runs there, or pass --artifact PATH deliberately");
        }
        if (r.artifact() == null || !in.artifact().sha256().equals(r.artifact().sha256())) {
            throw DeployException.refused("the artifact " + in.artifact().path() + " (sha256 " + in.artifact().sha256() + ") is not what runs in "
                    + prev.get().name() + " (sha256 " + (r.artifact() == null ? "?" : r.artifact().sha256()) + ", git " + r.gitSha()
                    + ", deployed by " + r.actor() + " at " + r.finishedAt() + "). Promote that build (pass --artifact with it), or pass"
                    + " --artifact to deploy this one deliberately.");
        }
        out.info("promoting the artifact " + prev.get().name() + " runs (sha256 " + r.artifact().sha256() + ", git " + r.gitSha() + ")");
    }
}
