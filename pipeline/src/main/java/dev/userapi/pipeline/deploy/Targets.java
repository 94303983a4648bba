package dev.userapi.pipeline.deploy;

import dev.userapi.pipeline.auth.Actor;
import dev.userapi.pipeline.changeset.Poller;
import dev.userapi.pipeline.changeset.StackDeployer;
import dev.userapi.pipeline.config.Environment;
import dev.userapi.pipeline.progress.Printer;
import dev.userapi.pipeline.session.Access;
import java.util.List;

/** An environment's targets as runs, and the one way each run gets into its account. */
final class Targets {
    private final Services services;
    private final Printer out;

    Targets(Services services, Printer out) {
        this.services = services;
        this.out = out;
    }

    /** One run per target; their lines are labelled when there is more than one. */
    List<TargetRun> runs(Environment env) {
        boolean labelled = env.targets().size() > 1;
        return env.targets().stream().map(t -> TargetRun.of(t, out, labelled, services.clock())).toList();
    }

    /** Assumes the target's deployer role (account checked) and gives the run its session and stack deployer. */
    void connect(TargetRun run, Access access, Actor actor, StackDeployer.WaitLimits limits) {
        run.session = run.timed("assume", () -> access.open(run.target, actor));
        run.callerArn = run.session.callerArn();
        run.out.info("assumed " + run.callerArn);
        run.deployer = new StackDeployer(run.session.cloudFormation(), run.out, poller(), limits);
    }

    void connect(TargetRun run, Access access, Actor actor) {
        connect(run, access, actor, services.waitLimits());
    }

    /** The first line of a command over a template: what, where, which commit, who, which artifact. */
    void announce(String verb, Inputs in, List<TargetRun> runs) {
        out.info(verb + " " + in.config().app() + " to " + in.env().name() + " (" + runs.size() + " target" + (runs.size() == 1 ? "" : "s")
                + (in.env().isProtected() ? ", protected" : "") + ") at git " + in.gitSha() + " as " + in.actor().sourceIdentity()
                + "; artifact " + in.artifact().path().getFileName() + " sha256 " + in.artifact().sha256());
    }

    Poller poller() {
        return new Poller(services.pollSchedule(), services.sleeper(), services.clock());
    }

    StackDeployer.WaitLimits limits(DeployOptions o) {
        return o.busyTimeout() == null ? services.waitLimits() : services.waitLimits().withBusyStack(o.busyTimeout());
    }
}
