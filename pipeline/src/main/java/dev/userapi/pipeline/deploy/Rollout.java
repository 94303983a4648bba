package dev.userapi.pipeline.deploy;

import dev.userapi.pipeline.changeset.DeployException;
import dev.userapi.pipeline.changeset.Execution;
import dev.userapi.pipeline.changeset.Interrupts;
import dev.userapi.pipeline.changeset.Prepared;
import dev.userapi.pipeline.changeset.SafetyPolicy;
import dev.userapi.pipeline.progress.ChangeTable;
import dev.userapi.pipeline.progress.Printer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The shape every stack-changing command shares, over all targets of an environment:
 * <ol>
 * <li>prepare each target in parallel (credentials, upload, change set) — nothing executes;</li>
 * <li>review on one thread: every change table, the safety policy, the protected-environment approval;
 *     a refusal or a target that could not be prepared discards every change set, so an environment is
 *     never left half-deployed by a refusal;</li>
 * <li>execute in parallel (bounded); a target that fails does not stop the others, which run to their
 *     own terminal status.</li>
 * </ol>
 */
final class Rollout {
    private final Services services;
    private final Printer out;
    /** Set when a parallel phase was interrupted (Ctrl-C), whose interrupt that phase consumed. */
    private volatile boolean interrupted;

    Rollout(Services services, Printer out) {
        this.services = services;
        this.out = out;
    }

    /** Runs {@code work} on every run, at most {@code parallelism} at once; a failure is recorded on its run. */
    void parallel(List<TargetRun> runs, Consumer<TargetRun> work) {
        if (runs.isEmpty()) {
            return;
        }
        if (runs.size() == 1) {
            guarded(runs.get(0), work);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(services.parallelism(), runs.size()), r -> {
            Thread t = new Thread(r, "target");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (TargetRun run : runs) {
                futures.add(pool.submit(() -> guarded(run, work)));
            }
            awaitAll(futures);
        } catch (InterruptedException e) {
            // Ctrl-C: each target is told (its change set deleted if not executed, or its execution left to
            // CloudFormation with the command to follow it) and the command waits for them to say so.
            interrupted = true;
            List<Runnable> neverStarted = pool.shutdownNow();
            for (int i = 0; i < futures.size(); i++) {
                if (neverStarted.contains(futures.get(i))) {
                    futures.get(i).cancel(false);
                    TargetRun run = runs.get(i);
                    run.failureKind = DeployException.Kind.INTERRUPTED;
                    run.finish(TargetRun.Result.FAILED, "interrupted (Ctrl-C) before this target started");
                }
            }
            try {
                awaitAll(futures);
            } catch (InterruptedException again) {
                throw new DeployException(DeployException.Kind.INTERRUPTED, "interrupted twice; started operations continue in CloudFormation"
                        + " ('pipeline status' shows them)");
            }
        } finally {
            pool.shutdown();
        }
    }

    private static void awaitAll(List<Future<?>> futures) throws InterruptedException {
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("a guarded task cannot fail", e);
            } catch (java.util.concurrent.CancellationException e) {
                // never started: shutdownNow took it off the queue; its run has no result and is reported so
            }
        }
    }

    private static void guarded(TargetRun run, Consumer<TargetRun> work) {
        try {
            work.accept(run);
        } catch (Throwable e) {
            if (e instanceof Error err && !(e instanceof AssertionError)) {
                throw err;
            }
            DeployException d = Failures.classify(e);
            if (Interrupts.consume(e) && d.kind() != DeployException.Kind.INTERRUPTED) {
                // Ctrl-C cut an AWS call short: that is the user stopping us, not AWS failing.
                d = new DeployException(DeployException.Kind.INTERRUPTED, "interrupted (Ctrl-C): " + d.getMessage(), e);
            }
            String message = d.getMessage();
            // AWS's own words do not say which target answered; with several targets in flight, the error must.
            if (fromAws(e) && !(message.contains(run.account) && message.contains(run.region))) {
                message = run.label + ": " + message;
            }
            run.failureKind = d.kind();
            run.finish(d.kind() == DeployException.Kind.REFUSED ? TargetRun.Result.REFUSED : TargetRun.Result.FAILED, message);
            run.out.error(message);
        }
    }

    private static boolean fromAws(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof software.amazon.awssdk.core.exception.SdkException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Shows every target's changes and decides whether the rollout may go on.
     *
     * @return null when it may; otherwise why not (every change set is then already discarded)
     */
    String review(List<TargetRun> runs, Set<String> allowReplace, boolean needsApproval, boolean approved, String environment) {
        for (TargetRun r : runs) {
            if (r.result == null && r.prepared instanceof Prepared.NoChanges n) {
                r.finish(TargetRun.Result.NO_CHANGES, n.reason());
            }
        }
        List<TargetRun> broken = runs.stream().filter(TargetRun::failed).toList();
        for (TargetRun run : runs) {
            if (run.prepared == null) {
                continue;
            }
            show(run);
        }
        if (!broken.isEmpty()) {
            discard(runs);
            markNotExecuted(runs, "not executed: " + broken.get(0).label + " could not be prepared");
            String why = broken.size() + " of " + runs.size() + " target" + (runs.size() == 1 ? "" : "s")
                    + " could not be prepared; nothing was executed";
            out.error(why);
            return why;
        }
        List<String> refusals = new ArrayList<>();
        for (TargetRun run : runs) {
            if (!(run.prepared instanceof Prepared.Ready ready)) {
                continue;
            }
            SafetyPolicy.Verdict v = SafetyPolicy.check(ready.changes(), ready.statefulIds(), allowReplace);
            v.allowed().forEach(c -> run.out.warn("replacing/removing " + c.logicalId() + " (" + c.type() + ") as --allow-replace allows"));
            if (v.refused()) {
                refusals.add(run.label + ": " + v.explain().replace("\n", "\n  "));
                run.out.error(v.explain());
                run.finish(TargetRun.Result.REFUSED, v.explain());
            }
        }
        unusedAllowReplace(runs, allowReplace);
        if (!refusals.isEmpty()) {
            discard(runs);
            markNotExecuted(runs, "not executed: another target's changes were refused");
            return String.join("\n", refusals);
        }
        boolean anythingToRun = runs.stream().anyMatch(r -> r.prepared instanceof Prepared.Ready || r.prepared instanceof Prepared.Recreate);
        if (needsApproval && anythingToRun && !approved) {
            String why = approve(environment);
            if (why != null) {
                out.error(why);
                discard(runs);
                for (TargetRun run : runs) {
                    if (run.result == null && !(run.prepared instanceof Prepared.NoChanges)) {
                        run.finish(TargetRun.Result.REFUSED, why);
                    }
                }
                return why;
            }
        }
        return null;
    }

    private void show(TargetRun run) {
        Prepared p = run.prepared;
        switch (p) {
            case Prepared.NoChanges n -> run.out.info("no changes to " + run.stackName);
            case Prepared.Recreate r -> run.out.info("changes to " + run.stackName + " (delete the ROLLBACK_COMPLETE stack, then create):\n"
                    + ChangeTable.text(r.changes(), r.spec().statefulIds(), run.out));
            case Prepared.Ready r -> run.out.info("changes to " + run.stackName + " (change set " + r.changeSetName() + ", "
                    + r.changeSetType() + "):\n" + ChangeTable.text(r.changes(), r.statefulIds(), run.out));
        }
    }

    private void unusedAllowReplace(List<TargetRun> runs, Set<String> allowReplace) {
        for (String id : allowReplace) {
            boolean used = runs.stream().anyMatch(r -> r.prepared instanceof Prepared.Ready ready
                    && ready.changes().stream().anyMatch(c -> c.logicalId().equals(id) && c.isDestructive()));
            if (!used) {
                out.warn("--allow-replace " + id + " matches no removal or replacement; it has no effect");
            }
        }
    }

    /** Null when approved; the refusal otherwise. Only a person at a real terminal can approve without --yes. */
    private String approve(String environment) {
        Terminal terminal = services.terminal();
        if (!terminal.interactive()) {
            return environment + " is protected: review the changes above and run again with --yes, or run it from a terminal to confirm"
                    + "; nothing was executed";
        }
        String answer = terminal.readLine("Deploy these changes to protected environment " + environment
                + "? Type the environment name to confirm: ");
        if (answer != null && answer.strip().equals(environment)) {
            out.info("confirmed");
            return null;
        }
        return "not confirmed (expected '" + environment + "'); nothing was executed";
    }

    /** {@link #review}, with the time it took (a person reading, or approving) counted in every target's phases. */
    String timedReview(List<TargetRun> runs, Set<String> allowReplace, boolean needsApproval, boolean approved, String environment) {
        java.time.Instant start = services.clock().instant();
        String result = review(runs, allowReplace, needsApproval, approved, environment);
        long ms = java.time.Duration.between(start, services.clock().instant()).toMillis();
        runs.forEach(r -> r.phases.merge("review", ms, Long::sum));
        return result;
    }

    /** Executes every reviewed change set, in parallel; each ends SUCCEEDED or FAILED on its own. */
    void execute(List<TargetRun> runs, Set<String> allowReplace) {
        List<TargetRun> todo = runs.stream()
                .filter(r -> r.result == null && (r.prepared instanceof Prepared.Ready || r.prepared instanceof Prepared.Recreate))
                .toList();
        if (Thread.interrupted() || interrupted) {
            // Ctrl-C before execution (during a parallel prepare, or the review): nothing has run yet, so nothing will.
            discard(todo);
            for (TargetRun r : todo) {
                r.failureKind = DeployException.Kind.INTERRUPTED;
                r.finish(TargetRun.Result.FAILED, "interrupted (Ctrl-C) before execution; the change sets were deleted, nothing was executed");
            }
            out.error("interrupted before execution; the change sets were deleted, nothing was executed");
            return;
        }
        for (TargetRun r : runs) {
            if (r.result == null && r.prepared instanceof Prepared.NoChanges n) {
                r.finish(TargetRun.Result.NO_CHANGES, n.reason());
            }
        }
        parallel(todo, run -> {
            Execution e = run.timed("execute", () -> run.prepared instanceof Prepared.Recreate rc
                    ? run.deployer.recreate(rc, allowReplace)
                    : run.deployer.execute((Prepared.Ready) run.prepared, allowReplace));
            run.execution = e;
            if (!e.known()) {
                if (e.interrupted()) {
                    run.failureKind = DeployException.Kind.INTERRUPTED;
                }
                run.finish(TargetRun.Result.UNKNOWN, "executing; result unknown: " + e.rootCause());
                return;
            }
            run.finish(e.succeeded() ? TargetRun.Result.SUCCEEDED : TargetRun.Result.FAILED,
                    e.succeeded() ? null : "stack " + e.finalStatus() + "; root cause: " + e.rootCause());
            if (e.succeeded() && !e.outputs().isEmpty()) {
                // The outputs are the deploy's result (stdout), beside the events that were its progress (stderr).
                run.details.add("outputs:");
                new java.util.TreeMap<>(e.outputs()).forEach((k, v) -> run.details.add("  " + k + " = " + v));
            }
        });
    }

    /** Deletes every change set a prepare made (and placeholder stacks); best effort, reported. */
    void discard(List<TargetRun> runs) {
        for (TargetRun run : runs) {
            if (run.prepared instanceof Prepared.Ready ready && run.deployer != null) {
                try {
                    run.deployer.discard(ready);
                    run.out.info("deleted change set " + ready.changeSetName());
                } catch (RuntimeException e) {
                    run.out.warn("could not delete change set: " + Failures.classify(e).getMessage());
                }
            }
        }
    }

    private static void markNotExecuted(List<TargetRun> runs, String why) {
        for (TargetRun run : runs) {
            if (run.result == null) {
                run.finish(TargetRun.Result.NOT_EXECUTED, why);
            }
        }
    }
}
