package dev.userapi.pipeline.changeset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userapi.pipeline.fake.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.ResourceChange;

class ChangeSetUnitsTest {
    static final String NAME = "[a-zA-Z][-a-zA-Z0-9]*";

    @Test
    void pollingStartsQuickAndSettlesOnAShortCap() {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            millis.add(PollSchedule.DEFAULT.delay(i).toMillis());
        }
        assertEquals(List.of(1000L, 1000L, 1500L, 1500L, 1500L, 1500L), millis);
        assertEquals(Duration.ofMillis(10), PollSchedule.DEFAULT.scaled(0.01).delay(0));
    }

    @Test
    void aWaitResetsWhenSomethingHappensAndStopsAtItsDeadline() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        List<Duration> slept = new ArrayList<>();
        Poller poller = new Poller(PollSchedule.DEFAULT, d -> {
            slept.add(d);
            clock.advance(d);
        }, clock);
        Poller.Wait w = poller.start(Duration.ofSeconds(30));
        w.pause(false);
        w.pause(false);
        w.pause(false);
        w.pause(true);
        assertEquals(List.of(1000L, 1000L, 1500L, 1000L), slept.stream().map(Duration::toMillis).toList(),
                "progress resets the back-off");

        AtomicInteger looks = new AtomicInteger();
        Poller.TimedOut t = assertThrows(Poller.TimedOut.class,
                () -> poller.until(Duration.ofSeconds(12), looks::incrementAndGet, n -> false));
        assertEquals(looks.get(), t.last(), "the last value seen comes with the timeout");
        // Looks at 0, 1, 2, 3.5, 5, 6.5, 8, 9.5 and 11 s, and a last one at the 12 s deadline.
        assertEquals(10, looks.get());
    }

    /**
     * A stack that stays silent for minutes (no new events: a table, a distribution) is still looked
     * at every 1.5 s, so its end is seen at most 1.5 s late, and the looks stay at 40 a minute.
     */
    @Test
    void aLongSilenceIsWatchedAtTheCapWithinTheCallBudget() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        List<Duration> slept = new ArrayList<>();
        Poller poller = new Poller(PollSchedule.DEFAULT, d -> {
            slept.add(d);
            clock.advance(d);
        }, clock);
        Instant start = clock.instant();
        Instant finished = start.plusSeconds(90).plusMillis(1); // CloudFormation finishes just after a look
        List<Instant> looks = new ArrayList<>();
        Instant seen = poller.until(Duration.ofMinutes(10), () -> {
            looks.add(clock.instant());
            return clock.instant();
        }, at -> !at.isBefore(finished));
        assertTrue(slept.stream().allMatch(d -> d.compareTo(Duration.ofMillis(1500)) <= 0), "no pause is longer than the cap: " + slept);
        Duration lag = Duration.between(finished, seen);
        assertTrue(!lag.isNegative() && lag.compareTo(Duration.ofMillis(1500)) <= 0, "seen " + lag + " after it finished");
        long inLastMinute = looks.stream().filter(at -> at.isAfter(seen.minusSeconds(60))).count();
        assertEquals(40, inLastMinute, "looks in the last minute");
    }

    @Test
    void namesAndTokensFitCloudFormationsPatterns() {
        DeployId id = new DeployId("0123456789ABCDEF", "alice@example.com", Instant.parse("2026-03-04T05:06:07.890Z"));
        for (String n : List.of(id.changeSetName(), id.changeSetClientToken(), id.executeToken(), id.deleteToken())) {
            assertTrue(n.matches(NAME) && n.length() <= 128, n);
        }
        assertEquals("deploy-0123456-20260304050607890", id.changeSetName());
        assertEquals("20260304T050607Z", id.fileStamp());
        assertTrue(id.description("user-api", "dev").contains("alice@example.com"));
        DeployId unknown = new DeployId("unknown", "x".repeat(2000), Instant.EPOCH);
        assertTrue(unknown.changeSetName().startsWith("deploy-nogit-"));
        assertEquals(1024, unknown.description("user-api", "dev").length());
    }

    static Change change(String action, String id, String type, String replacement) {
        return new Change(action, id, "", type, replacement, List.of(), List.of());
    }

    @Test
    void statefulRemovalsAndReplacementsAreRefusedUnlessNamed() {
        List<Change> changes = List.of(
                change("Modify", "Table", "AWS::DynamoDB::Table", "Conditional"),
                change("Remove", "Bucket", "AWS::S3::Bucket", ""),
                change("Modify", "Queue2", "AWS::Lambda::Function", "True"),
                change("Modify", "Fn", "AWS::Lambda::Function", "True"),
                change("Modify", "Logs", "AWS::Logs::LogGroup", "False"),
                change("Add", "NewTable", "AWS::DynamoDB::Table", ""));
        SafetyPolicy.Verdict v = SafetyPolicy.check(changes, Set.of("Queue2"), Set.of());
        assertEquals(List.of("Table", "Bucket", "Queue2"), v.blocked().stream().map(Change::logicalId).toList(),
                "Conditional counts; curated types and Retain-marked ids are stateful; a plain function is not");
        assertTrue(v.explain().contains("--allow-replace Table"));
        SafetyPolicy.Verdict allowed = SafetyPolicy.check(changes, Set.of("Queue2"), Set.of("Table", "Bucket", "Queue2", "Typo"));
        assertFalse(allowed.refused());
        assertEquals(3, allowed.allowed().size());
        assertEquals(Set.of("Typo"), allowed.unused());
    }

    @Test
    void stackStatusesMapToWhatADeployMayDo() {
        assertEquals(StackStates.Disposition.MISSING, StackStates.disposition(null));
        for (String s : List.of("CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE")) {
            assertEquals(StackStates.Disposition.UPDATABLE, StackStates.disposition(snapshot(s)), s);
        }
        assertEquals(StackStates.Disposition.REVIEW, StackStates.disposition(snapshot("REVIEW_IN_PROGRESS")));
        assertEquals(StackStates.Disposition.RECREATE, StackStates.disposition(snapshot("ROLLBACK_COMPLETE")));
        for (String s : List.of("CREATE_IN_PROGRESS", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "UPDATE_ROLLBACK_IN_PROGRESS", "DELETE_IN_PROGRESS")) {
            assertEquals(StackStates.Disposition.BUSY, StackStates.disposition(snapshot(s)), s);
        }
        for (String s : List.of("UPDATE_ROLLBACK_FAILED", "ROLLBACK_FAILED", "DELETE_FAILED", "UPDATE_FAILED")) {
            assertEquals(StackStates.Disposition.BLOCKED, StackStates.disposition(snapshot(s)), s);
        }
        assertTrue(StackStates.guidance(snapshot("DELETE_FAILED")).contains("--retain-resources"));
        assertTrue(StackStates.guidance(snapshot("UPDATE_FAILED")).contains("pipeline rollback --env"));
        assertFalse(StackStates.isTerminal("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"));
        assertTrue(StackStates.isTerminal("UPDATE_ROLLBACK_COMPLETE"));
        assertFalse(StackStates.isSuccess("UPDATE_ROLLBACK_COMPLETE"));
    }

    @Test
    void onlyTheTwoDocumentedReasonsMeanNothingToDo() {
        assertTrue(AwsErrors.isEmptyChangeSetReason(AwsErrors.NO_CHANGES_REASON));
        assertTrue(AwsErrors.isEmptyChangeSetReason("No updates are to be performed."));
        assertFalse(AwsErrors.isEmptyChangeSetReason("Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template"));
        assertFalse(AwsErrors.isEmptyChangeSetReason(null));
    }

    @Test
    void theStackPolicyAllowsUpdatesButDeniesReplacingAndDeletingTheLockedIds() {
        String p = StackPolicies.denyReplaceAndDelete(Set.of("UsersTable"));
        assertTrue(p.contains("{\"Effect\":\"Allow\",\"Action\":[\"Update:*\"],\"Principal\":\"*\",\"Resource\":\"*\"}"), p);
        assertTrue(p.contains("{\"Effect\":\"Deny\",\"Action\":[\"Update:Replace\",\"Update:Delete\"],\"Principal\":\"*\",\"Resource\":[\"LogicalResourceId/UsersTable\"]}"), p);
        assertFalse(StackPolicies.denyReplaceAndDelete(Set.of()).contains("Deny"));
    }

    static StackSnapshot snapshot(String status) {
        return new StackSnapshot("arn:aws:cloudformation:eu-west-1:1:stack/s/1", "s", status, null, Instant.EPOCH, null, false, java.util.Map.of());
    }

    @Test
    void aModifyThatDoesNotSayWhetherItReplacesIsTreatedAsMaybeReplacing() {
        // moto lists only Action, LogicalResourceId and ResourceType; AWS always gives Replacement for a Modify.
        Change silent = Change.of(ResourceChange.builder().action("Modify").logicalResourceId("Table")
                .resourceType("AWS::DynamoDB::Table").build());
        Change dynamic = Change.of(ResourceChange.builder().action("Dynamic").logicalResourceId("Table")
                .resourceType("AWS::DynamoDB::Table").build());
        Change inPlace = Change.of(ResourceChange.builder().action("Modify").logicalResourceId("Table")
                .resourceType("AWS::DynamoDB::Table").replacement("False").build());
        assertTrue(silent.replacementUnknown() && silent.isDestructive());
        assertTrue(dynamic.replacementUnknown() && dynamic.isDestructive());
        assertFalse(inPlace.replacementUnknown() || inPlace.isDestructive());

        SafetyPolicy.Verdict v = SafetyPolicy.check(List.of(silent), Set.of("Table"), Set.of());
        assertTrue(v.refused(), "an unknown replacement of the table is not waved through");
        assertTrue(v.explain().contains("did not say whether it replaces"), v.explain());
        assertFalse(SafetyPolicy.check(List.of(silent), Set.of("Table"), Set.of("Table")).refused(), "--allow-replace still opens it");
        assertFalse(SafetyPolicy.check(List.of(inPlace), Set.of("Table"), Set.of()).refused());
    }

    @Test
    void onlyAValidationErrorSayingNoUpdatesIsNothingToDo() {
        assertTrue(AwsErrors.isNoUpdates(cfnError("ValidationError", "No updates are to be performed.")), "AWS, moto");
        assertTrue(AwsErrors.isNoUpdates(cfnError("ValidationError", "No updates to be performed for stack change set")), "LocalStack");
        assertFalse(AwsErrors.isNoUpdates(cfnError("ValidationError", "Stack:arn:x is in UPDATE_IN_PROGRESS state and can not be updated.")));
        assertFalse(AwsErrors.isNoUpdates(cfnError("InternalFailure", "No updates are to be performed.")), "only a ValidationError");
        assertFalse(AwsErrors.isNoUpdates(cfnError("ValidationError", "Template format error: No updates are to be performedX")));
    }

    private static CloudFormationException cfnError(String code, String message) {
        return (CloudFormationException) CloudFormationException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
                .statusCode(400).message(message).build();
    }
}
