package dev.userapi.pipeline.changeset;

import dev.userapi.pipeline.progress.EventFormatter;
import dev.userapi.pipeline.progress.Printer;
import dev.userapi.pipeline.template.Template;
import dev.userapi.pipeline.template.TemplateException;
import dev.userapi.pipeline.template.TemplateParser;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.ExecutionStatus;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.Tag;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;

/**
 * One stack through the change set lifecycle: inspect, wait for or refuse a busy stack, create the
 * change set and wait for it, read every page of its changes, execute it, follow the new stack events
 * to a terminal status, and apply a protected environment's locks. No retries here: throttling is
 * retried inside the SDK client (its standard retry strategy), like every other transient error.
 */
public final class StackDeployer {

    /**
     * @param busyStack how long to wait for another operation on the stack before refusing
     * @param changeSet how long a change set may take to be computed
     * @param operation how long to follow an execution before giving up watching (it goes on in AWS)
     * @param sight     how long an execution may go unseen (every look failing: throttling past the
     *                  SDK's retries, a network failure) before the deploy ends "executing; result unknown"
     */
    public record WaitLimits(Duration busyStack, Duration changeSet, Duration operation, Duration sight) {
        public static final WaitLimits DEFAULT = new WaitLimits(Duration.ofMinutes(15), Duration.ofMinutes(10), Duration.ofHours(3),
                Duration.ofMinutes(15));

        public WaitLimits withBusyStack(Duration d) {
            return new WaitLimits(d, changeSet, operation, sight);
        }

        public WaitLimits withSight(Duration d) {
            return new WaitLimits(busyStack, changeSet, operation, d);
        }
    }

    /**
     * How often (in polls) the event loop also asks DescribeStacks, in case an event was not visible:
     * about every 30 s at {@link PollSchedule#DEFAULT}'s cap, so the watch costs about 42 calls a
     * minute rather than 40 DescribeStackEvents plus one DescribeStacks every few looks.
     */
    private static final int STATUS_CHECK_EVERY = 20;

    /** The reason of a {@link Prepared.NoChanges} found without a change set, by {@link UnchangedStack}. */
    public static final String UNCHANGED = "the deployed stack already has this template, parameter values, tags and execution role";

    private final CloudFormationClient cfn;
    private final Printer out;
    private final Poller poller;
    private final WaitLimits limits;

    public StackDeployer(CloudFormationClient cfn, Printer out, Poller poller, WaitLimits limits) {
        this.cfn = cfn;
        this.out = out;
        this.poller = poller;
        this.limits = limits;
    }

    /** DescribeStacks; null when the stack does not exist. */
    public StackSnapshot describe(String stackNameOrId) {
        try {
            var stacks = cfn.describeStacks(b -> b.stackName(stackNameOrId)).stacks();
            return stacks.isEmpty() ? null : StackSnapshot.of(stacks.get(0));
        } catch (CloudFormationException e) {
            if (AwsErrors.isMissingStack(e)) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Everything up to a change set ready for review. Creates nothing but the change set (and, for a
     * new stack, the REVIEW_IN_PROGRESS placeholder CloudFormation makes with it).
     */
    public Prepared prepare(StackSpec spec) {
        return prepare(spec, describe(spec.stackName()));
    }

    /**
     * {@link #prepare(StackSpec)} from a DescribeStacks answer the caller has just had.
     *
     * @param stack the stack as just described; null when it does not exist
     */
    public Prepared prepare(StackSpec spec, StackSnapshot stack) {
        stack = waitUntilFree(stack, spec.stackName());
        StackStates.Disposition d = StackStates.disposition(stack);
        return switch (d) {
            case MISSING, REVIEW -> createChangeSet(spec, stack, ChangeSetType.CREATE, d == StackStates.Disposition.MISSING);
            case UPDATABLE -> {
                String id = stack.stackId();
                if (UnchangedStack.difference(spec, stack, () -> deployedTemplate(id)).isEmpty()) {
                    out.info("no changes: stack " + spec.stackName() + " already has this template, its parameter values, tags and"
                            + " execution role (no change set needed)");
                    yield new Prepared.NoChanges(spec, stack, UNCHANGED);
                }
                yield createChangeSet(spec, stack, ChangeSetType.UPDATE, false);
            }
            case RECREATE -> {
                out.warn("stack " + spec.stackName() + " is ROLLBACK_COMPLETE: its first create failed"
                        + (stack.statusReason() == null ? "" : " (" + stack.statusReason() + ")")
                        + ", and such a stack can only be deleted. Deploying deletes it and creates it again.");
                yield new Prepared.Recreate(spec, stack, allAdded(spec.template()));
            }
            case BLOCKED -> throw DeployException.refused(StackStates.guidance(stack));
            case BUSY -> throw new IllegalStateException("waitUntilFree returned a busy stack");
        };
    }

    /** Deletes what {@link #prepare} made: the change set, and the placeholder stack if it made one. */
    public void discard(Prepared prepared) {
        if (!(prepared instanceof Prepared.Ready r)) {
            return;
        }
        try {
            cfn.deleteChangeSet(b -> b.changeSetName(r.changeSetId()));
        } catch (CloudFormationException e) {
            if (!"ChangeSetNotFound".equals(AwsErrors.code(e))) {
                throw e;
            }
        }
        if (r.createdStack()) {
            // A CREATE change set leaves a REVIEW_IN_PROGRESS stack behind; nothing of ours should linger.
            cfn.deleteStack(b -> b.stackName(r.stackId()));
        }
    }

    /**
     * Reads an existing change set (a saved plan's) back into a {@link Prepared.Ready}, refusing when
     * it is gone or can no longer be executed.
     */
    public Prepared.Ready load(StackSpec spec, StackSnapshot before, String changeSetId, Set<String> statefulIds) {
        DescribeChangeSetResponse first;
        try {
            first = cfn.describeChangeSet(b -> b.changeSetName(changeSetId));
        } catch (CloudFormationException e) {
            if ("ChangeSetNotFound".equals(AwsErrors.code(e))) {
                throw DeployException.refused("the planned change set " + changeSetId + " no longer exists ("
                        + AwsErrors.message(e) + "); make a new plan");
            }
            throw e;
        }
        if (first.status() != ChangeSetStatus.CREATE_COMPLETE || !executable(first)) {
            throw DeployException.refused("the planned change set " + first.changeSetName() + " is " + first.statusAsString()
                    + "/" + first.executionStatusAsString() + ", not CREATE_COMPLETE/AVAILABLE"
                    + (first.executionStatus() == ExecutionStatus.OBSOLETE ? " (the stack changed after the plan)" : "")
                    + "; make a new plan");
        }
        String type = before == null || "REVIEW_IN_PROGRESS".equals(before.status()) ? "CREATE" : "UPDATE";
        return new Prepared.Ready(spec, before, first.stackId(), first.changeSetId(), first.changeSetName(), type,
                allChanges(first), statefulIds, false);
    }

    /**
     * Executes a reviewed change set and follows it to a terminal status. For a protected stack, the
     * stack policy is in place before the update (lifted only for the logical ids {@code allowReplace}
     * names, and put back afterwards) and termination protection is on after it.
     */
    public Execution execute(Prepared.Ready ready, Set<String> allowReplace) {
        StackSpec spec = ready.spec();
        String token = spec.deployId().executeToken();
        Instant start = poller.clock().instant();
        EventStream events = new EventStream(cfn, ready.stackId(), token);
        events.markExisting();
        boolean update = "UPDATE".equals(ready.changeSetType());
        Set<String> locked = new LinkedHashSet<>(ready.statefulIds());
        locked.removeAll(allowReplace);
        if (spec.protectedStack() && update) {
            setPolicy(ready.stackId(), locked);
        }
        out.info("executing change set " + ready.changeSetName() + " (" + ready.changeSetType() + ")");
        try {
            // DisableRollback only when asked: the field is absent otherwise, so the request is the one every endpoint knows.
            cfn.executeChangeSet(b -> {
                b.changeSetName(ready.changeSetId()).clientRequestToken(token);
                if (spec.disableRollback()) {
                    b.disableRollback(true);
                }
            });
        } catch (CloudFormationException e) {
            if (spec.protectedStack() && update && !locked.equals(ready.statefulIds())) {
                setPolicy(ready.stackId(), ready.statefulIds());
            }
            if ("InvalidChangeSetStatus".equals(AwsErrors.code(e))) {
                throw DeployException.refused("the change set can no longer be executed: " + AwsErrors.message(e) + "; make a new plan");
            }
            if (update && AwsErrors.isNoUpdates(e)) {
                // The endpoint's own diff listed changes its deployer then found nothing to apply; nothing ran.
                out.info("no changes: " + AwsErrors.message(e));
                cleanUp(ready.changeSetId(), null);
                StackSnapshot now = describe(ready.stackId());
                String status = now == null ? ready.before().status() : now.status();
                return new Execution(ready, status, true, null, now == null ? Map.of() : now.outputs(), 0);
            }
            throw e;
        }
        out.info("CloudFormation is now changing stack " + spec.stackName() + "; from here on only its own final status decides the outcome");
        EventTally seen = new EventTally(out, new EventFormatter(out, start));
        String terminal = null;
        int polls = 0;
        Poller.Wait wait = poller.start(limits.operation());
        Instant lastSight = poller.clock().instant();
        String lost = null;
        while (terminal == null) {
            boolean progressed = false;
            try {
                List<StackEvent> batch = events.poll();
                progressed = !batch.isEmpty();
                terminal = seen.take(batch);
                if (terminal == null && (++polls % STATUS_CHECK_EVERY == 0 || lost != null)) {
                    StackSnapshot s = describe(ready.stackId());
                    if (s != null) {
                        seen.sawStatus(s.status());
                        if (StackStates.isTerminal(s.status())) {
                            terminal = s.status();
                        }
                    }
                }
                if (lost != null) {
                    out.info("watching stack " + spec.stackName() + " again" + (seen.lastStatus() == null ? "" : ": " + seen.lastStatus()));
                    lost = null;
                }
                lastSight = poller.clock().instant();
            } catch (SdkException e) {
                if (Interrupts.consume(e)) {
                    // Ctrl-C during a look: handled right below, as one during the pause.
                    Thread.currentThread().interrupt();
                } else {
                    // Not seeing the stack says nothing about how the operation goes: CloudFormation carries on.
                    if (AwsErrors.isExpiredCredentials(e)) {
                        return unknown(ready, seen.lastStatus(), seen.count(), "the credentials expired while watching ("
                                + AwsErrors.describe(e) + "). CloudFormation carries on with the change regardless. Log in again ('aws sso login"
                                + " --profile' with your profile for SSO, or fresh AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN;"
                                + " in GitHub Actions re-run the job) and follow it with");
                    }
                    String why = AwsErrors.describe(e);
                    if (lost == null) {
                        out.warn("cannot see stack " + spec.stackName() + " right now (" + why + "); CloudFormation carries on with the change;"
                                + " still watching, for up to " + human(limits.sight()) + " without sight");
                    }
                    lost = why;
                    if (!Duration.between(lastSight, poller.clock().instant()).minus(limits.sight()).isNegative()) {
                        return unknown(ready, seen.lastStatus(), seen.count(), "no look at the stack succeeded for " + human(limits.sight())
                                + " (last error: " + why + "). CloudFormation carries on with the change regardless; follow it with");
                    }
                }
            }
            boolean more;
            try {
                if (Thread.interrupted()) {
                    throw new DeployException(DeployException.Kind.INTERRUPTED, "interrupted during a call");
                }
                more = terminal != null || wait.pause(progressed);
            } catch (DeployException e) {
                if (e.kind() != DeployException.Kind.INTERRUPTED) {
                    throw e;
                }
                // Ctrl-C after ExecuteChangeSet: the change is CloudFormation's now; only our watching stops.
                String env = spec.tags().get("env");
                String why = "interrupted (Ctrl-C) while change set " + ready.changeSetName() + " executes. CloudFormation carries on with"
                        + " the change" + (seen.lastStatus() == null ? "" : " (stack " + seen.lastStatus() + ")") + " and finishes it, or rolls it back,"
                        + " without us; follow it with 'pipeline status --env " + env + "' (or 'aws cloudformation describe-stack-events"
                        + " --stack-name " + spec.stackName() + "')";
                out.error(why);
                return Execution.interrupted(ready, seen.lastStatus(), why, seen.count());
            }
            if (!more) {
                return unknown(ready, seen.lastStatus(), seen.count(), "the stack was still changing after " + human(limits.operation())
                        + (lost == null ? "" : " (last error: " + lost + ")") + ". CloudFormation carries on with the change; follow it with");
            }
        }
        StackSnapshot after;
        try {
            after = describe(ready.stackId());
        } catch (SdkException e) {
            // The terminal status came from the stack's own event; only the outputs are missing.
            out.warn("stack " + spec.stackName() + " ended " + terminal + ", but its outputs could not be read (" + AwsErrors.describe(e) + ")");
            after = null;
        }
        String finalStatus = after == null ? terminal : after.status();
        boolean ok = StackStates.isSuccess(finalStatus);
        if (spec.protectedStack()) {
            protect(ready, after, ok, update, locked);
        }
        String rootCause = null;
        if (!ok) {
            rootCause = seen.firstFailure() != null
                    ? EventStream.describe(seen.firstFailure())
                    : (after != null && after.statusReason() != null ? after.statusReason() : finalStatus);
            out.error("stack " + spec.stackName() + " ended " + finalStatus);
            out.error("root cause: " + rootCause);
        } else {
            out.info(out.green("stack " + spec.stackName() + " is " + finalStatus));
            if (after != null && !after.outputs().isEmpty()) {
                out.info("outputs:");
                after.sortedOutputs().forEach((k, v) -> out.info("  " + k + " = " + v));
            }
        }
        return new Execution(ready, finalStatus, ok, rootCause, after == null ? Map.of() : after.outputs(), seen.count());
    }

    /**
     * The end of a watch that lost sight of an execution: neither success nor failure, because only
     * CloudFormation's terminal status may say which, and it has not been seen.
     *
     * @param why ends with "follow it with"; the commands that follow the stack are appended here
     */
    private Execution unknown(Prepared.Ready ready, String lastStatus, int events, String why) {
        String env = ready.spec().tags().get("env");
        String follow = why + " 'pipeline status --env " + env + "' (or 'aws cloudformation describe-stack-events --stack-name "
                + ready.spec().stackName() + "')";
        out.error("executing; result unknown: stack " + ready.spec().stackName() + " was last seen "
                + (lastStatus == null ? "changing" : lastStatus) + ". " + follow);
        return Execution.unknown(ready, lastStatus, follow, events);
    }

    /**
     * The terminal status the operation started with {@code token} reached, from the stack's own events
     * (newest first): null while it is still going, or when no event of it is found.
     */
    public String terminalStatusOf(String stackId, String token) {
        String next = null;
        for (int page = 0; page < 50; page++) {
            String t = next;
            var resp = cfn.describeStackEvents(b -> b.stackName(stackId).nextToken(t));
            for (StackEvent e : resp.stackEvents()) {
                if (EventStream.isStackEvent(e) && token.equals(e.clientRequestToken())) {
                    return StackStates.isTerminal(e.resourceStatusAsString()) ? e.resourceStatusAsString() : null;
                }
            }
            next = resp.nextToken() == null || resp.nextToken().isEmpty() ? null : resp.nextToken();
            if (next == null) {
                return null;
            }
        }
        return null;
    }

    private static String human(Duration d) {
        // PT15M → 15m
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    /**
     * Deletes a ROLLBACK_COMPLETE stack, waits for DELETE_COMPLETE, then creates it again through a
     * CREATE change set.
     */
    public Execution recreate(Prepared.Recreate r, Set<String> allowReplace) {
        StackSpec spec = r.spec();
        String stackId = r.before().stackId();
        out.info("deleting stack " + spec.stackName() + " (ROLLBACK_COMPLETE) so it can be created again");
        cfn.deleteStack(b -> {
            b.stackName(stackId).clientRequestToken(spec.deployId().deleteToken());
            if (spec.roleArn() != null) {
                b.roleARN(spec.roleArn());
            }
        });
        StackSnapshot gone;
        try {
            gone = poller.until(limits.operation(), () -> describe(stackId),
                    s -> s == null || "DELETE_COMPLETE".equals(s.status()) || "DELETE_FAILED".equals(s.status()));
        } catch (Poller.TimedOut t) {
            throw DeployException.awsFailure("stack " + spec.stackName() + " was still deleting after " + limits.operation());
        }
        if (gone != null && "DELETE_FAILED".equals(gone.status())) {
            throw DeployException.awsFailure(StackStates.guidance(gone));
        }
        out.info("stack " + spec.stackName() + " deleted");
        Prepared again = prepare(spec);
        if (!(again instanceof Prepared.Ready ready)) {
            throw DeployException.awsFailure("after deleting " + spec.stackName() + ", CloudFormation did not give a CREATE change set ("
                    + again.getClass().getSimpleName() + ")");
        }
        return execute(ready, allowReplace);
    }

    // ------------------------------------------------------------------ internals

    private StackSnapshot waitUntilFree(StackSnapshot stack, String name) {
        if (StackStates.disposition(stack) != StackStates.Disposition.BUSY) {
            return stack;
        }
        String holder = describeHolder(stack);
        // PT15M → 15m
        String limit = limits.busyStack().toString().substring(2).toLowerCase(Locale.ROOT);
        if (limits.busyStack().isZero()) {
            throw DeployException.refused("stack " + name + " is " + stack.status() + holder
                    + ": another operation holds it. Wait for it to finish, or pass --busy-timeout to wait.");
        }
        out.info("stack " + name + " is " + stack.status() + holder + ": another operation holds it; waiting up to " + limit);
        try {
            return poller.until(limits.busyStack(), () -> describe(name),
                    s -> StackStates.disposition(s) != StackStates.Disposition.BUSY);
        } catch (Poller.TimedOut t) {
            StackSnapshot last = (StackSnapshot) t.last();
            throw DeployException.refused("stack " + name + " is still " + (last == null ? stack.status() : last.status())
                    + " after waiting " + limit + holder + "; another operation holds it. Deploy again once it has finished"
                    + " (aws cloudformation describe-stack-events --stack-name " + name + "), or pass a longer --busy-timeout.");
        }
    }

    /** " since T (request token X)", from the newest stack-level event; best effort. */
    private String describeHolder(StackSnapshot stack) {
        try {
            for (StackEvent e : cfn.describeStackEvents(b -> b.stackName(stack.stackId())).stackEvents()) {
                if (EventStream.isStackEvent(e)) {
                    return " since " + e.timestamp()
                            + (e.clientRequestToken() == null ? "" : " (request token " + e.clientRequestToken() + ")")
                            + (e.resourceStatusReason() == null ? "" : " [" + e.resourceStatusReason() + "]");
                }
            }
        } catch (CloudFormationException e) {
            // Only decoration for the message; the status alone is enough to decide.
        }
        return stack.changedAt() == null ? "" : " since " + stack.changedAt();
    }

    private Prepared createChangeSet(StackSpec spec, StackSnapshot before, ChangeSetType type, boolean createsStack) {
        DeployId id = spec.deployId();
        CreateChangeSetRequest.Builder req = CreateChangeSetRequest.builder()
                .stackName(spec.stackName())
                .changeSetName(id.changeSetName())
                .changeSetType(type)
                .clientToken(id.changeSetClientToken())
                .description(spec.description())
                .parameters(spec.parameters().entrySet().stream()
                        .map(e -> Parameter.builder().parameterKey(e.getKey()).parameterValue(e.getValue()).build()).toList())
                .capabilities(spec.capabilities())
                .tags(spec.tags().entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList());
        if (spec.roleArn() != null) {
            req.roleARN(spec.roleArn());
        }
        if (spec.templateBody() != null) {
            req.templateBody(spec.templateBody());
        } else {
            req.templateURL(spec.templateUrl());
        }
        CreateChangeSetResponse created;
        try {
            created = cfn.createChangeSet(req.build());
        } catch (CloudFormationException e) {
            if (AwsErrors.isNoUpdates(e)) {
                out.info("no changes: " + AwsErrors.message(e));
                return new Prepared.NoChanges(spec, before, AwsErrors.message(e));
            }
            if ("InsufficientCapabilitiesException".equals(AwsErrors.code(e))) {
                throw DeployException.awsFailure("CloudFormation wants more capabilities than the template's resources call for "
                        + spec.capabilities() + ": " + AwsErrors.message(e) + " (a nested stack or macro may need them)", e);
            }
            throw DeployException.awsFailure("CreateChangeSet for " + spec.stackName() + " failed: " + AwsErrors.describe(e), e);
        } catch (SdkException e) {
            if (!Interrupts.consume(e)) {
                throw e;
            }
            // Ctrl-C while the request was on the wire: it may have been made. Its name is ours; take it away.
            forget(spec.stackName(), id.changeSetName(), createsStack);
            throw new DeployException(DeployException.Kind.INTERRUPTED, "interrupted (Ctrl-C) while change set " + id.changeSetName()
                    + " was being created; it was deleted if CloudFormation had made it, and nothing was executed", e);
        }
        String changeSetId = created.id();
        String stackId = created.stackId();
        out.info("created change set " + id.changeSetName() + " (" + type + "); waiting for CloudFormation to compute it");
        DescribeChangeSetResponse first;
        try {
            first = poller.until(limits.changeSet(), () -> cfn.describeChangeSet(b -> b.changeSetName(changeSetId)),
                    r -> r.status() != ChangeSetStatus.CREATE_PENDING && r.status() != ChangeSetStatus.CREATE_IN_PROGRESS);
        } catch (Poller.TimedOut t) {
            throw DeployException.awsFailure("change set " + id.changeSetName() + " was not ready after " + limits.changeSet());
        } catch (DeployException | SdkException e) {
            if (!Interrupts.consume(e)) {
                throw e;
            }
            // Ctrl-C before anything ran: what we made and did not execute is ours to take away.
            cleanUp(changeSetId, createsStack ? stackId : null);
            String what = "change set " + id.changeSetName() + (createsStack ? " and the empty stack " + spec.stackName() + " it made" : "");
            out.warn("interrupted while CloudFormation computed change set " + id.changeSetName() + ": deleted " + what
                    + "; nothing was executed");
            throw new DeployException(DeployException.Kind.INTERRUPTED, "interrupted (Ctrl-C) while change set " + id.changeSetName()
                    + " was computed; it was deleted and nothing was executed", e);
        }
        if (first.status() == ChangeSetStatus.FAILED) {
            String reason = first.statusReason();
            cleanUp(changeSetId, createsStack ? stackId : null);
            if (AwsErrors.isEmptyChangeSetReason(reason)) {
                out.info("no changes: " + reason + " (change set deleted)");
                return new Prepared.NoChanges(spec, before, reason);
            }
            throw DeployException.awsFailure("change set " + id.changeSetName() + " FAILED: " + reason);
        }
        if (first.status() != ChangeSetStatus.CREATE_COMPLETE || !executable(first)) {
            cleanUp(changeSetId, createsStack ? stackId : null);
            throw DeployException.awsFailure("change set " + id.changeSetName() + " is " + first.statusAsString() + "/"
                    + first.executionStatusAsString() + " (" + first.statusReason() + "), not executable");
        }
        List<Change> changes = allChanges(first);
        Set<String> stateful = new LinkedHashSet<>(spec.statefulIds());
        if (type == ChangeSetType.UPDATE && changes.stream().anyMatch(Change::isRemove)) {
            stateful.addAll(currentStatefulIds(spec.stackName()));
        }
        return new Prepared.Ready(spec, before, stackId, changeSetId, id.changeSetName(), type.toString(), changes,
                stateful, createsStack);
    }

    /**
     * AVAILABLE, or no ExecutionStatus at all: AWS always sends one, but an endpoint that leaves it out
     * has said nothing against executing a CREATE_COMPLETE change set, and ExecuteChangeSet itself
     * refuses one that cannot run (InvalidChangeSetStatus, a refusal). Any status it does send counts.
     */
    private static boolean executable(DescribeChangeSetResponse cs) {
        return cs.executionStatus() == ExecutionStatus.AVAILABLE || cs.executionStatusAsString() == null
                || cs.executionStatusAsString().isEmpty();
    }

    private List<Change> allChanges(DescribeChangeSetResponse first) {
        List<Change> changes = new ArrayList<>();
        DescribeChangeSetResponse page = first;
        while (true) {
            page.changes().forEach(c -> {
                if (c.resourceChange() != null) {
                    changes.add(Change.of(c.resourceChange()));
                }
            });
            String next = page.nextToken();
            if (next == null || next.isEmpty()) {
                return changes;
            }
            String id = first.changeSetId();
            page = cfn.describeChangeSet(b -> b.changeSetName(id).nextToken(next));
        }
    }

    /** GetTemplate's TemplateBody, stage Original: the text as it was submitted. */
    private String deployedTemplate(String stackId) {
        return cfn.getTemplate(b -> b.stackName(stackId).templateStage(TemplateStage.ORIGINAL)).templateBody();
    }

    /** Logical ids the deployed template marks Retain, so removing one of them is caught too. */
    private Set<String> currentStatefulIds(String stackName) {
        try {
            String body = cfn.getTemplate(b -> b.stackName(stackName).templateStage(TemplateStage.ORIGINAL)).templateBody();
            Template current = TemplateParser.parse(Path.of(stackName + " (deployed)"), body);
            return StatefulResources.in(current);
        } catch (TemplateException e) {
            out.warn("could not read the deployed template of " + stackName + " (" + e.getMessage()
                    + "); removals are judged by resource type only");
            return new HashSet<>();
        }
    }

    /** Deletes a change set known only by name (and a placeholder stack it made), if they exist; best effort, said. */
    private void forget(String stackName, String changeSetName, boolean createsStack) {
        try {
            cfn.deleteChangeSet(b -> b.stackName(stackName).changeSetName(changeSetName));
            out.warn("interrupted: deleted change set " + changeSetName + "; nothing was executed");
            StackSnapshot s = createsStack ? describe(stackName) : null;
            if (s != null && "REVIEW_IN_PROGRESS".equals(s.status())) {
                cfn.deleteStack(b -> b.stackName(s.stackId()));
            }
        } catch (SdkException e) {
            if (!"ChangeSetNotFound".equals(AwsErrors.code(e)) && !AwsErrors.isMissingStack(e)) {
                out.warn("interrupted: could not delete change set " + changeSetName + " of " + stackName + " (" + AwsErrors.describe(e)
                        + "); delete it with 'aws cloudformation delete-change-set --stack-name " + stackName + " --change-set-name "
                        + changeSetName + "'");
            }
        }
    }

    private void cleanUp(String changeSetId, String placeholderStackId) {
        try {
            cfn.deleteChangeSet(b -> b.changeSetName(changeSetId));
        } catch (CloudFormationException e) {
            if (!"ChangeSetNotFound".equals(AwsErrors.code(e))) {
                out.warn("could not delete change set " + changeSetId + ": " + AwsErrors.describe(e));
            }
        }
        if (placeholderStackId != null) {
            cfn.deleteStack(b -> b.stackName(placeholderStackId));
        }
    }

    private void protect(Prepared.Ready ready, StackSnapshot after, boolean ok, boolean update, Set<String> locked) {
        String stackId = ready.stackId();
        // After an update the full lock goes back on whatever happened; after a create, only once it exists.
        if ((update && !locked.equals(ready.statefulIds())) || (!update && ok)) {
            try {
                setPolicy(stackId, ready.statefulIds());
            } catch (SdkException e) {
                // As below: CloudFormation has decided the outcome; a lock that did not go on is said, not a failed deploy.
                out.error("the stack policy of " + ready.spec().stackName() + " could not be put (back) on (" + AwsErrors.describe(e)
                        + "); put it on with 'aws cloudformation set-stack-policy --stack-name " + ready.spec().stackName()
                        + " --stack-policy-body ...' (the policy denying Update:Replace and Update:Delete on "
                        + String.join(", ", new TreeSet<>(ready.statefulIds())) + "); the next deploy puts it on too.");
            }
        }
        if (ok && (after == null || !after.terminationProtection())) {
            try {
                cfn.updateTerminationProtection(b -> b.stackName(stackId).enableTerminationProtection(true));
                out.info("termination protection is on");
            } catch (SdkException e) {
                // The change itself has completed (CloudFormation said so); the lock is tried again on every deploy.
                out.error("stack " + ready.spec().stackName() + " is " + (after == null ? "deployed" : after.status()) + ", but termination protection could not be"
                        + " turned on (" + AwsErrors.describe(e) + "). Turn it on with 'aws cloudformation"
                        + " update-termination-protection --enable-termination-protection --stack-name " + ready.spec().stackName()
                        + "'; the next deploy tries again.");
            }
        }
    }

    private void setPolicy(String stackId, Set<String> lockedIds) {
        cfn.setStackPolicy(b -> b.stackName(stackId).stackPolicyBody(StackPolicies.denyReplaceAndDelete(lockedIds)));
        out.info("stack policy: deny Update:Replace and Update:Delete on "
                + (lockedIds.isEmpty() ? "nothing" : String.join(", ", new TreeSet<>(lockedIds))));
    }

    private static List<Change> allAdded(Template template) {
        return template.resources().values().stream()
                .map(r -> new Change("Add", r.logicalId(), "", r.type(), "", List.of(), List.of()))
                .toList();
    }
}
