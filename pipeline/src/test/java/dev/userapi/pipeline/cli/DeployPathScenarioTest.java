package dev.userapi.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userapi.pipeline.fake.FakeCloudFormation;
import dev.userapi.pipeline.record.DeployRecord;
import dev.userapi.pipeline.record.RecordStore;
import java.time.Duration;
import java.time.Instant;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * What goes wrong after ExecuteChangeSet: once a change set runs, only CloudFormation's own terminal
 * status decides success or failure. Losing sight of the stack (throttling past the SDK's retries,
 * expired credentials) ends "executing; result unknown" (exit 5), never FAILED, and {@code status} or
 * the next environment's promotion settle it from the stack's own events.
 */
class DeployPathScenarioTest {
    @TempDir
    Path dir;

    static final String DEV = "user-api-dev";

    static DeployRecord latestRecord(Scenario s, String env) {
        var t = s.target(env, 0);
        byte[] json = s.aws.s3().object(t.artifactBucket(), RecordStore.latestKey("user-api", env, t.account(), t.region())).orElseThrow();
        return RecordStore.fromJson(new String(json), "latest.json");
    }

    /** A created stack and a new build, so the next deploy is an UPDATE. */
    static Scenario updating(Path dir) {
        Scenario s = new Scenario(dir);
        assertEquals(0, s.run("deploy", "--env", "dev"), s.output());
        s.build(2);
        return s;
    }

    @Test
    void throttledMonitoringIsRiddenOutAndOnlyTheStacksStatusDecides() {
        Scenario s = updating(dir);
        FakeCloudFormation cfn = s.cfn("dev");
        // Right after ExecuteChangeSet every call is throttled for two and a half polls' worth of SDK retries.
        cfn.afterNext("ExecuteChangeSet", () -> cfn.throttleNext(25));
        assertEquals(0, s.run("deploy", "--env", "dev"), s.output());
        assertEquals(25, cfn.throttledCalls(), "the burst happened");
        assertTrue(s.output().contains("cannot see stack user-api-dev right now (CloudFormation DescribeStackEvents in eu-west-1: Throttling: Rate exceeded);"
                + " CloudFormation carries on"),
                s.output());
        assertTrue(s.output().contains("watching stack user-api-dev again"), s.output());
        assertTrue(s.output().contains("deploy dev: SUCCEEDED"), s.output());
        assertEquals(DeployRecord.Result.SUCCEEDED, latestRecord(s, "dev").result());
        assertEquals("UPDATE_COMPLETE", cfn.status(DEV));
    }

    @Test
    void sightLostPastTheBoundEndsUnknownAndStatusSettlesItFromTheStacksEvents() {
        Scenario s = updating(dir);
        s.limits = s.limits.withSight(Duration.ofMillis(300));
        FakeCloudFormation cfn = s.cfn("dev");
        cfn.afterNext("ExecuteChangeSet", () -> cfn.throttleNext(Integer.MAX_VALUE));
        assertEquals(ExitCodes.UNKNOWN, s.run("deploy", "--env", "dev"), s.output());
        assertTrue(s.output().contains("executing; result unknown: stack user-api-dev was last seen"), s.output());
        assertTrue(s.output().contains("CloudFormation carries on with the change regardless; follow it with 'pipeline status --env dev'"),
                s.output());
        assertTrue(s.output().contains("deploy dev: UNKNOWN"), s.output());
        DeployRecord unknown = latestRecord(s, "dev");
        assertEquals(DeployRecord.Result.UNKNOWN, unknown.result(), "never FAILED while CloudFormation has not said so");
        assertTrue(unknown.reason().startsWith("executing; result unknown: "), unknown.reason());
        assertTrue(unknown.executeToken().startsWith("exec-0123456-"), "the record keeps the token to settle it by");

        cfn.throttleNext(0);
        assertEquals(0, s.run("status", "--env", "dev"), s.output());
        assertTrue(s.output().contains("ended UPDATE_COMPLETE; recorded as SUCCEEDED"), s.output());
        DeployRecord settled = latestRecord(s, "dev");
        assertEquals(DeployRecord.Result.SUCCEEDED, settled.result());
        assertEquals("UPDATE_COMPLETE", settled.stackStatus());
        assertEquals(unknown.changeSetName(), settled.changeSetName());

        assertEquals(0, s.run("deploy", "--env", "staging"), "the next environment promotes it: " + s.output());
    }

    @Test
    void promotionChecksTheStacksRealStatusWhenThePreviousRecordIsNotFinal() {
        Scenario s = updating(dir);
        s.limits = s.limits.withSight(Duration.ofMillis(300));
        FakeCloudFormation cfn = s.cfn("dev");
        cfn.afterNext("ExecuteChangeSet", () -> cfn.throttleNext(Integer.MAX_VALUE));
        assertEquals(ExitCodes.UNKNOWN, s.run("deploy", "--env", "dev"), s.output());
        cfn.throttleNext(0);

        assertEquals(0, s.run("deploy", "--env", "staging"), s.output());
        assertTrue(s.output().contains("ended UPDATE_COMPLETE; recorded as SUCCEEDED"), s.output());
        assertTrue(s.output().contains("promoting the artifact dev runs"), s.output());
        assertEquals(DeployRecord.Result.SUCCEEDED, latestRecord(s, "dev").result(), "dev's record is settled on the way");
    }

    @Test
    void aPromotionFromAnExecutionThatFailedInTheEndIsRefused() {
        Scenario s = updating(dir);
        s.limits = s.limits.withSight(Duration.ofMillis(300));
        FakeCloudFormation cfn = s.cfn("dev");
        cfn.failResource("GetUserFunction", "Resource handler returned message: \"Code too large\"");
        cfn.afterNext("ExecuteChangeSet", () -> cfn.throttleNext(Integer.MAX_VALUE));
        assertEquals(ExitCodes.UNKNOWN, s.run("deploy", "--env", "dev"), s.output());
        cfn.throttleNext(0);
        awaitStatus(cfn, "UPDATE_ROLLBACK_COMPLETE");

        assertEquals(ExitCodes.REFUSED, s.run("deploy", "--env", "staging"), s.output());
        assertTrue(s.output().contains("ended UPDATE_ROLLBACK_COMPLETE; recorded as FAILED"), s.output());
        assertEquals(DeployRecord.Result.FAILED, latestRecord(s, "dev").result());
    }

    @Test
    void baseCredentialsExpiringDuringALongUpdateGiveLoginAdviceAndSayCloudFormationCarriesOn() {
        Scenario s = new Scenario(dir);
        String sso = "arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Developer_abc/alice";
        s.aws.bootstrap(s.target("dev", 0), Scenario.ALICE, "arn:aws:iam::111111111111:role/AWSReservedSSO_Developer_abc");
        s.aws.profile("dev-sso", StaticCredentialsProvider.create(s.aws.sts().addSession(sso, Duration.ofMinutes(10))));
        assertEquals(0, s.run("deploy", "--env", "dev", "--profile", "dev-sso"), s.output());
        s.build(2);
        // An hour and more passes during the update: the deployer session and the SSO login behind it are both over.
        Instant now = Instant.now();
        s.cfn("dev").afterNext("ExecuteChangeSet", () -> s.clock.set(now.plus(Duration.ofMinutes(65))));
        assertEquals(ExitCodes.UNKNOWN, s.run("deploy", "--env", "dev", "--profile", "dev-sso"), s.output());
        assertTrue(s.output().contains("the credentials expired while watching"), s.output());
        assertTrue(s.output().contains("CloudFormation carries on with the change regardless"), s.output());
        assertTrue(s.output().contains("aws sso login"), "login advice: " + s.output());
        assertTrue(s.output().contains("'pipeline status --env dev'"), s.output());
        awaitStatus(s.cfn("dev"), "UPDATE_COMPLETE");
    }

    @Test
    void anAwsErrorWithAnEmptyBodyNamesTheCallAndTheTarget() {
        Scenario s = new Scenario(dir);
        s.cfn("dev").answerEmpty("CreateChangeSet", 500, Integer.MAX_VALUE);
        assertEquals(ExitCodes.AWS_FAILURE, s.run("deploy", "--env", "dev"), s.output());
        assertTrue(s.output().contains("dev 222222222222/eu-west-1: CreateChangeSet for user-api-dev failed: CloudFormation CreateChangeSet"
                + " in eu-west-1: HTTP 500 with an empty error body"), s.output());
        assertTrue(!s.output().contains("Request ID: null"), s.output());
    }

    static final String SERIAL = "arn:aws:iam::111111111111:mfa/alice";

    /** prod: two regions of one account, whose deployer role trusts Alice only with MFA. */
    static Scenario prodRequiringMfa(Path dir) {
        Scenario s = new Scenario(dir);
        s.aws.sts().addMfaDevice(SERIAL, "123456");
        s.aws.bootstrap(s.target("prod", 0), Scenario.ALICE).requireMfa();
        s.aws.bootstrap(s.target("prod", 1), Scenario.ALICE);
        return s;
    }

    @Test
    void stsTakesAnMfaCodeOnceSoSendingItWithEachAssumeRoleFailsTheSecondTarget() {
        Scenario s = prodRequiringMfa(dir);
        var assumer = new dev.userapi.pipeline.auth.RoleAssumer(s.aws, s.aws.baseCredentials(null));
        var actor = dev.userapi.pipeline.auth.Actor.detect(java.util.Map.of("USER", "alice"), null, Scenario.SHA, "prod");
        var mfa = new dev.userapi.pipeline.auth.Mfa(SERIAL, () -> "123456");
        assumer.assume(s.target("prod", 0), actor, mfa);
        var second = org.junit.jupiter.api.Assertions.assertThrows(dev.userapi.pipeline.auth.AuthException.class,
                () -> assumer.assume(s.target("prod", 1), actor, mfa));
        assertTrue(second.getMessage().contains("The MFA code was not accepted"), second.getMessage());
    }

    @Test
    void oneMfaCodeServesEveryTargetAndEveryRenewalThroughOneSession() {
        Scenario s = prodRequiringMfa(dir);
        Instant now = Instant.now();
        // Sessions issued now look nearly over to the SDK's refreshing provider, and an hour passes during the execution.
        s.clock.set(now.minus(Duration.ofMinutes(59)).minusSeconds(30));
        s.cfn("prod").afterNext("ExecuteChangeSet", () -> s.clock.set(now.plus(Duration.ofMinutes(2))));
        assertEquals(0, s.run("deploy", "--env", "prod", "--yes", "--artifact", "functions/target/user-api-functions.jar",
                "--mfa-serial", SERIAL, "--mfa-code", "123456"), s.output());
        assertTrue(s.output().contains("one GetSessionToken session (" + SERIAL + ") serves every target"), s.output());
        assertEquals(1, s.aws.sts().calls("GetSessionToken"), "the code went to STS once");
        var requests = s.aws.sts().assumeRoleRequests();
        assertTrue(requests.size() >= 3, "two targets and at least one renewal: " + requests.size());
        assertTrue(requests.stream().allMatch(r -> r.serialNumber() == null && r.tokenCode() == null),
                "no AssumeRole carries the spent code");
        assertEquals("CREATE_COMPLETE", s.aws.cloudFormation(s.target("prod", 0)).status("user-api-prod"));
        assertEquals("CREATE_COMPLETE", s.aws.cloudFormation(s.target("prod", 1)).status("user-api-prod"));
    }

    @Test
    void aWrongMfaCodeOrMfaWithAnSsoSessionIsExplainedBeforeAnyTargetStarts() {
        Scenario s = prodRequiringMfa(dir);
        assertEquals(ExitCodes.AWS_FAILURE, s.run("deploy", "--env", "prod", "--yes", "--artifact", "functions/target/user-api-functions.jar",
                "--mfa-serial", SERIAL, "--mfa-code", "654321"), s.output());
        assertTrue(s.output().contains("GetSessionToken did not accept the MFA code for " + SERIAL), s.output());
        assertEquals(0, s.aws.sts().calls("AssumeRole"));

        String sso = "arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Developer_abc/alice";
        s.aws.profile("sso", StaticCredentialsProvider.create(s.aws.sts().addSession(sso, Duration.ofHours(8))));
        assertEquals(ExitCodes.AWS_FAILURE, s.run("deploy", "--env", "prod", "--yes", "--artifact", "functions/target/user-api-functions.jar",
                "--profile", "sso", "--mfa-serial", SERIAL, "--mfa-code", "123456"), s.output());
        assertTrue(s.output().contains("run again without --mfa-serial/--mfa-code"), s.output());
    }

    @Test
    void ctrlCWhileTheChangeSetIsComputedDeletesItAndSaysSo() {
        Scenario s = new Scenario(dir);
        FakeCloudFormation cfn = s.cfn("dev");
        cfn.timing(new FakeCloudFormation.Timing(Duration.ofSeconds(30), Duration.ofMillis(1), Duration.ZERO));
        // What the Ctrl-C hook of PipelineCli.main does: interrupt the command's thread.
        cfn.afterNext("CreateChangeSet", () -> Thread.currentThread().interrupt());
        try {
            assertEquals(ExitCodes.INTERRUPTED, s.run("deploy", "--env", "dev"), s.output());
        } finally {
            Thread.interrupted();
        }
        assertTrue(s.output().contains("interrupted while CloudFormation computed change set deploy-0123456-"), s.output());
        assertTrue(s.output().contains("and the empty stack user-api-dev it made; nothing was executed"), s.output());
        assertEquals(1, cfn.calls("DeleteChangeSet"), "our change set was deleted");
        assertEquals(0, cfn.calls("ExecuteChangeSet"));
        assertEquals(java.util.List.of(), s.changeSets("dev"));
    }

    @Test
    void ctrlCAfterExecutionSaysCloudFormationCarriesOnAndHowToFollowIt() {
        Scenario s = updating(dir);
        FakeCloudFormation cfn = s.cfn("dev");
        cfn.timing(new FakeCloudFormation.Timing(Duration.ofMillis(15), Duration.ofMillis(300), Duration.ZERO));
        cfn.afterNext("ExecuteChangeSet", () -> Thread.currentThread().interrupt());
        try {
            assertEquals(ExitCodes.INTERRUPTED, s.run("deploy", "--env", "dev"), s.output());
        } finally {
            Thread.interrupted();
        }
        assertTrue(s.output().contains("interrupted (Ctrl-C) while change set deploy-0123456-"), s.output());
        assertTrue(s.output().contains("CloudFormation carries on with the change"), s.output());
        assertTrue(s.output().contains("follow it with 'pipeline status --env dev'"), s.output());
        assertEquals(DeployRecord.Result.UNKNOWN, latestRecord(s, "dev").result(), "neither success nor failure is claimed");

        awaitStatus(cfn, "UPDATE_COMPLETE");
        assertEquals(0, s.run("status", "--env", "dev"), s.output());
        assertEquals(DeployRecord.Result.SUCCEEDED, latestRecord(s, "dev").result());
    }

    @Test
    void ctrlCDuringAParallelPrepareDeletesEveryTargetsChangeSet() {
        Scenario s = new Scenario(dir);
        Thread command = Thread.currentThread();
        for (int i = 0; i < 2; i++) {
            FakeCloudFormation cfn = s.aws.cloudFormation(s.target("prod", i));
            cfn.timing(new FakeCloudFormation.Timing(Duration.ofSeconds(30), Duration.ofMillis(1), Duration.ZERO));
        }
        java.util.concurrent.atomic.AtomicInteger created = new java.util.concurrent.atomic.AtomicInteger();
        for (int i = 0; i < 2; i++) {
            s.aws.cloudFormation(s.target("prod", i)).afterNext("CreateChangeSet", () -> {
                if (created.incrementAndGet() == 2) {
                    command.interrupt();
                }
            });
        }
        try {
            assertEquals(ExitCodes.INTERRUPTED, s.run("deploy", "--env", "prod", "--yes", "--artifact",
                    "functions/target/user-api-functions.jar"), s.output());
        } finally {
            Thread.interrupted();
        }
        for (int i = 0; i < 2; i++) {
            FakeCloudFormation cfn = s.aws.cloudFormation(s.target("prod", i));
            assertEquals(1, cfn.calls("DeleteChangeSet"), s.output());
            assertEquals(0, cfn.calls("ExecuteChangeSet"));
        }
        assertTrue(s.output().contains("nothing was executed"), s.output());
    }

    @Test
    void theCtrlCHookInterruptsTheCommandAndWaitsForItsCleanup() throws Exception {
        java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean cleanedUp = new java.util.concurrent.atomic.AtomicBoolean();
        Thread command = new Thread(() -> {
            try {
                new java.util.concurrent.CountDownLatch(1).await();
            } catch (InterruptedException e) {
                cleanedUp.set(true);
            } finally {
                finished.countDown();
            }
        });
        command.start();
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        Thread hook = PipelineCli.onShutdown(command, finished, stopping, 60_000);
        hook.run();
        assertTrue(stopping.get(), "main will not call System.exit during the shutdown");
        assertTrue(cleanedUp.get(), "the hook returned only after the command had cleaned up");

        java.util.concurrent.atomic.AtomicBoolean again = new java.util.concurrent.atomic.AtomicBoolean();
        PipelineCli.onShutdown(Thread.currentThread(), finished, again, 60_000).run();
        assertTrue(!again.get() && !Thread.interrupted(), "after the command finished (a normal System.exit), the hook does nothing");
    }

    @Test
    void aLockThatCannotBePutOnAfterACompletedChangeIsReportedNotAFailedDeploy() {
        Scenario s = new Scenario(dir);
        FakeCloudFormation cfn = s.aws.cloudFormation(s.target("prod", 0));
        cfn.answerEmpty("SetStackPolicy", 500, Integer.MAX_VALUE);
        assertEquals(0, s.run("deploy", "--env", "prod", "--yes", "--artifact", "functions/target/user-api-functions.jar"), s.output());
        assertTrue(s.output().contains("the stack policy of user-api-prod could not be put (back) on (CloudFormation SetStackPolicy in"
                + " eu-west-1: HTTP 500 with an empty error body)"), s.output());
        assertTrue(s.output().contains("aws cloudformation set-stack-policy --stack-name user-api-prod"), s.output());
        assertEquals("CREATE_COMPLETE", cfn.status("user-api-prod"));
        assertTrue(cfn.terminationProtection("user-api-prod"), "the other lock still went on");
    }

    @Test
    void everyCommandsHelpListsTheUnknownOutcome() {
        Scenario s = new Scenario(dir);
        for (String command : List.of("deploy", "plan", "status", "bootstrap")) {
            assertEquals(0, s.run(command, "--help"), s.output());
            assertTrue(s.stdout.contains("5    executing; result unknown"), command + ": " + s.stdout);
            assertTrue(s.stdout.contains("'pipeline status --env ENV'"), command + ": " + s.stdout);
        }
    }

    /** The fake's operations run on real time; the change completes in CloudFormation on its own. */
    private static void awaitStatus(FakeCloudFormation cfn, String status) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (!status.equals(cfn.status(DEV)) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        assertEquals(status, cfn.status(DEV));
    }
}
