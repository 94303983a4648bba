package dev.userapi.pipeline.changeset;

import dev.userapi.pipeline.progress.EventFormatter;
import dev.userapi.pipeline.progress.Printer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/**
 * Starts one stack operation that is not a change set ({@code DeleteStack}, {@code ContinueUpdateRollback},
 * {@code RollbackStack}, {@code CancelUpdateStack}) with a ClientRequestToken, and follows the stack's new
 * events until the stack reaches a terminal status. Events go to the printer as the
 * deploy prints them; the first failed resource is the root cause.
 */
public final class OperationWatch {
    /** Every this many looks at the events, one look at the stack's status too. */
    private static final int STATUS_CHECK_EVERY = 5;

    private final CloudFormationClient cfn;
    private final Printer out;
    private final Poller poller;
    private final StackDeployer.WaitLimits limits;

    public OperationWatch(CloudFormationClient cfn, Printer out, Poller poller, StackDeployer.WaitLimits limits) {
        this.cfn = cfn;
        this.out = out;
        this.poller = poller;
        this.limits = limits;
    }

    /**
     * How the operation ended.
     *
     * @param finalStatus the stack's terminal status, or the last one seen when {@code known} is false
     * @param rootCause   the first failed resource and its reason; null when it succeeded
     * @param known       false when the watch stopped (interrupted, out of time) before a terminal status
     */
    public record Outcome(String finalStatus, String rootCause, boolean known) {
    }

    /**
     * @param stackId the stack's ARN: a deleted stack is still described by its id
     * @param token   the ClientRequestToken {@code start} passes to CloudFormation
     * @param start   the call that starts the operation
     */
    public Outcome run(String stackId, String stackName, String token, Consumer<String> start) {
        // Every new event, whatever its token: the stack takes one operation at a time, and the rollback a
        // CancelUpdateStack starts may carry the cancelled update's token rather than the cancel's.
        EventStream events = new EventStream(cfn, stackId, null);
        events.markExisting();
        var current = cfn.describeStacks(b -> b.stackName(stackId)).stacks();
        String before = current.isEmpty() ? null : current.get(0).stackStatusAsString();
        Instant began = poller.clock().instant();
        start.accept(token);
        EventTally seen = new EventTally(out, new EventFormatter(out, began));
        Poller.Wait wait = poller.start(limits.operation());
        Instant lastSight = began;
        int polls = 0;
        while (true) {
            boolean progressed = false;
            try {
                List<StackEvent> batch = events.poll();
                progressed = !batch.isEmpty();
                String terminal = seen.take(batch);
                if (terminal != null) {
                    return end(stackName, terminal, seen.firstFailure());
                }
                if (++polls % STATUS_CHECK_EVERY == 0) {
                    // Events can lag; the stack's own status is the authority on where it stands.
                    var stacks = cfn.describeStacks(b -> b.stackName(stackId)).stacks();
                    if (!stacks.isEmpty() && StackStates.isTerminal(stacks.get(0).stackStatusAsString())
                            && !stacks.get(0).stackStatusAsString().equals(before)) {
                        return end(stackName, stacks.get(0).stackStatusAsString(), seen.firstFailure());
                    }
                }
                lastSight = poller.clock().instant();
            } catch (SdkException e) {
                if (Interrupts.consume(e)) {
                    Thread.currentThread().interrupt();
                } else if (!Duration.between(lastSight, poller.clock().instant()).minus(limits.sight()).isNegative()) {
                    out.error("lost sight of stack " + stackName + " (" + AwsErrors.describe(e) + "); CloudFormation carries on");
                    return new Outcome(seen.lastStatus(), AwsErrors.describe(e), false);
                }
            }
            try {
                if (Thread.interrupted()) {
                    throw new DeployException(DeployException.Kind.INTERRUPTED, "interrupted during a call");
                }
                if (!wait.pause(progressed)) {
                    return new Outcome(seen.lastStatus(), "still going after " + limits.operation().toMinutes() + " minutes", false);
                }
            } catch (DeployException e) {
                if (e.kind() != DeployException.Kind.INTERRUPTED) {
                    throw e;
                }
                out.error("interrupted (Ctrl-C); CloudFormation carries on with stack " + stackName
                        + (seen.lastStatus() == null ? "" : " (" + seen.lastStatus() + ")") + " without us");
                throw e;
            }
        }
    }

    private Outcome end(String stackName, String status, StackEvent firstFailure) {
        boolean ok = !status.endsWith("_FAILED");
        String cause = ok ? null : firstFailure != null ? EventStream.describe(firstFailure) : status;
        if (ok) {
            out.info(out.green("stack " + stackName + " is " + status));
        } else {
            out.error("stack " + stackName + " ended " + status + "; root cause: " + cause);
        }
        return new Outcome(status, cause, true);
    }
}
