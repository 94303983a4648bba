package dev.userapi.pipeline.deploy;

import dev.userapi.pipeline.changeset.DeployException;
import dev.userapi.pipeline.changeset.Execution;
import dev.userapi.pipeline.changeset.Prepared;
import dev.userapi.pipeline.changeset.StackDeployer;
import dev.userapi.pipeline.changeset.StackSpec;
import dev.userapi.pipeline.config.Target;
import dev.userapi.pipeline.packaging.S3Location;
import dev.userapi.pipeline.progress.Printer;
import dev.userapi.pipeline.session.TargetSession;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One target's way through a rollout: its clients once credentials exist, the prepared change set,
 * the execution, the result and the time each phase took. Touched by one thread at a time (the
 * executor hands it from phase to phase), never concurrently.
 */
final class TargetRun {
    final String label;
    final String environment;
    final String account;
    final String region;
    final String stackName;
    final URI endpoint;
    /** Null for the tooling account (bootstrap --ci). */
    final Target target;
    final Printer out;
    private final Clock clock;

    /** Null until the target's deployer role is assumed; bootstrap, which has no role yet, never has one. */
    TargetSession session;
    String callerArn;
    StackDeployer deployer;
    S3Location artifact;
    StackSpec spec;
    Prepared prepared;
    Execution execution;
    /** The terminal status of an operation that is not a change set (delete, rollback, cancel). */
    String finalStatus;

    Result result;
    String reason;
    DeployException.Kind failureKind;
    final Instant startedAt;
    Instant finishedAt;
    final Map<String, Long> phases = new LinkedHashMap<>();
    String recordKey;
    Path recordFile;
    /** The command's findings for this target (see {@link TargetReport#details}). */
    final java.util.List<String> details = new java.util.ArrayList<>();
    Object data;

    /**
     * UNKNOWN: executed, but the deploy lost sight of the stack before CloudFormation's terminal status.
     * NO_DIFFERENCES / DIFFERENT: {@code diff}; IN_SYNC / DRIFTED: {@code drift}; DELETED: {@code delete}.
     */
    enum Result { SUCCEEDED, FAILED, NO_CHANGES, REFUSED, PLANNED, NOT_EXECUTED, UNKNOWN, NO_DIFFERENCES, DIFFERENT, IN_SYNC, DRIFTED, DELETED }

    /** This target's outcome, for ranking against the others. */
    Outcome outcome() {
        if (result == null) {
            return Outcome.SUCCEEDED;
        }
        return switch (result) {
            case FAILED -> failureKind == null ? Outcome.FAILED : Outcome.of(failureKind);
            case REFUSED -> Outcome.REFUSED;
            case UNKNOWN -> failureKind == DeployException.Kind.INTERRUPTED ? Outcome.INTERRUPTED : Outcome.UNKNOWN;
            case DIFFERENT -> Outcome.DIFFERENT;
            case DRIFTED -> Outcome.DRIFTED;
            case NO_CHANGES -> Outcome.NO_CHANGES;
            case NO_DIFFERENCES -> Outcome.NO_DIFFERENCES;
            case IN_SYNC -> Outcome.IN_SYNC;
            case PLANNED -> Outcome.PLANNED;
            default -> Outcome.SUCCEEDED;
        };
    }

    /** The CloudFormation client of this target's session (null before the role is assumed). */
    software.amazon.awssdk.services.cloudformation.CloudFormationClient cloudFormation() {
        return session == null ? null : session.cloudFormation();
    }

    TargetRun(String label, String environment, String account, String region, String stackName, URI endpoint,
              Target target, Printer out, Clock clock) {
        this.label = label;
        this.environment = environment;
        this.account = account;
        this.region = region;
        this.stackName = stackName;
        this.endpoint = endpoint;
        this.target = target;
        this.out = out;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    static TargetRun of(Target t, Printer root, boolean labelled, Clock clock) {
        return new TargetRun(t.label(), t.environment(), t.account(), t.region(), t.stackName(), t.endpoint(), t,
                labelled ? root.labelled(t.label()) : root, clock);
    }

    <T> T timed(String phase, Supplier<T> work) {
        Instant start = clock.instant();
        try {
            return work.get();
        } finally {
            phases.merge(phase, Duration.between(start, clock.instant()).toMillis(), Long::sum);
        }
    }

    void timed(String phase, Runnable work) {
        timed(phase, () -> {
            work.run();
            return null;
        });
    }

    boolean failed() {
        return result == Result.FAILED || result == Result.REFUSED;
    }

    void finish(Result r, String why) {
        this.result = r;
        this.reason = why;
        this.finishedAt = clock.instant();
    }
}
