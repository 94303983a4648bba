package dev.userapi.pipeline.deploy;

import dev.userapi.pipeline.changeset.DeployException;
import dev.userapi.pipeline.changeset.Execution;
import dev.userapi.pipeline.changeset.Prepared;
import dev.userapi.pipeline.changeset.StackDeployer;
import dev.userapi.pipeline.changeset.StackSpec;
import dev.userapi.pipeline.config.Target;
import dev.userapi.pipeline.packaging.S3Location;
import dev.userapi.pipeline.progress.Printer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

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

    AwsCredentialsProvider credentials;
    String callerArn;
    S3Client s3;
    StackDeployer deployer;
    S3Location artifact;
    StackSpec spec;
    Prepared prepared;
    Execution execution;

    Result result;
    String reason;
    DeployException.Kind failureKind;
    final Instant startedAt;
    Instant finishedAt;
    final Map<String, Long> phases = new LinkedHashMap<>();
    String recordKey;
    Path recordFile;

    /** UNKNOWN: executed, but the deploy lost sight of the stack before CloudFormation's terminal status. */
    enum Result { SUCCEEDED, FAILED, NO_CHANGES, REFUSED, PLANNED, NOT_EXECUTED, UNKNOWN }

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
