package dev.userapi.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userapi.pipeline.changeset.Sleeper;
import dev.userapi.pipeline.fake.FakeCloudFormation;
import dev.userapi.pipeline.fake.FakeLogs;
import dev.userapi.pipeline.record.DeployRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.model.DifferenceType;
import software.amazon.awssdk.services.cloudformation.model.PropertyDifference;

/**
 * An environment's life after its first deploy, through the real command line over the stateful fake
 * AWS world: diff, drift, logs, rollback, cancel and delete.
 */
class LifecycleScenarioTest {
    private static final String DEV_STACK = "user-api-dev";

    @TempDir
    Path dir;

    private Scenario deployedDev() {
        Scenario s = new Scenario(dir);
        assertEquals(0, s.run("deploy", "--env", "dev"), s.output());
        return s;
    }

    // ------------------------------------------------------------------ delete

    @Test
    void deletingDevRemovesTheStackAndListsTheTableAndBucketItKeeps() throws Exception {
        Scenario s = deployedDev();
        FakeCloudFormation cfn = s.cfn("dev");
        String table = cfn.physicalId(DEV_STACK, "UsersTable");
        s.aws.dynamoDb("222222222222", "eu-west-1").table(table, 42);

        assertEquals(0, s.run("delete", "--env", "dev", "--yes"), s.output());

        assertFalse(cfn.exists(DEV_STACK), "the stack is gone");
        assertEquals(1, cfn.calls("DeleteStack"));
        assertTrue(s.stdout.contains("deleted stack " + DEV_STACK), s.stdout);
        assertTrue(s.stdout.contains("kept UsersTable (AWS::DynamoDB::Table) " + table + ", about 42 items"), s.stdout);
        assertTrue(s.stdout.contains("aws dynamodb delete-table --table-name " + table), "says how to delete it: " + s.stdout);
        assertTrue(s.stdout.contains("kept the artifact bucket s3://" + s.target("dev", 0).artifactBucket()), s.stdout);
        // What goes and what stays is shown before anything is deleted (progress, stderr).
        assertTrue(s.stderr.contains("keeps UsersTable"), s.stderr);
        assertTrue(s.stderr.contains("deletes log group /aws/lambda/user-api-dev-create-user and its events"), s.stderr);
        DeployRecord rec = DeployPathScenarioTest.latestRecord(s, "dev");
        assertEquals("delete", rec.operation());
        assertEquals(DeployRecord.Result.SUCCEEDED, rec.result());
        assertFalse(rec.deployed(), "a deleted environment runs no artifact");
    }

    @Test
    void aDeletedEnvironmentCannotBePromotedFrom() {
        Scenario s = deployedDev();
        assertEquals(0, s.run("delete", "--env", "dev", "--yes"), s.output());
        assertEquals(ExitCodes.REFUSED, s.run("deploy", "--env", "staging"));
        assertTrue(s.stderr.contains("the last deploy to dev"), s.stderr);
    }

    @Test
    void deleteWithoutConfirmationTouchesNothing() {
        Scenario s = deployedDev();
        assertEquals(ExitCodes.REFUSED, s.run("delete", "--env", "dev"));
        assertTrue(s.stderr.contains("not confirmed: pass --yes"), s.stderr);
        assertTrue(s.cfn("dev").exists(DEV_STACK));
        assertEquals(0, s.cfn("dev").calls("DeleteStack"));

        s.terminal = Scenario.typing("staging");
        assertEquals(ExitCodes.REFUSED, s.run("delete", "--env", "dev"));
        assertTrue(s.cfn("dev").exists(DEV_STACK));

        s.terminal = Scenario.typing("dev");
        assertEquals(0, s.run("delete", "--env", "dev"), s.output());
        assertFalse(s.cfn("dev").exists(DEV_STACK));
    }

    @Test
    void deleteIsRefusedOnAProtectedEnvironmentBeforeAnyAwsCall() {
        Scenario s = new Scenario(dir);
        assertEquals(0, s.run("deploy", "--env", "prod", "--yes", "--artifact", "functions/target/user-api-functions.jar"), s.output());
        int before = s.aws.touches();

        assertEquals(ExitCodes.REFUSED, s.run("delete", "--env", "prod", "--yes"));
        assertTrue(s.stderr.contains("prod is protected"), s.stderr);
        assertEquals(ExitCodes.REFUSED, s.run("delete", "--env", "prod", "--yes", "--force-protected"));
        assertTrue(s.stderr.contains("needs its name typed at a terminal"), s.stderr);
        assertEquals(before, s.aws.touches(), "nothing touched AWS");
        for (int i = 0; i < 2; i++) {
            assertTrue(s.aws.cloudFormation(s.target("prod", i)).exists("user-api-prod"));
        }

        s.terminal = Scenario.typing("prod");
        assertEquals(0, s.run("delete", "--env", "prod", "--force-protected"), s.output());
        for (int i = 0; i < 2; i++) {
            FakeCloudFormation cfn = s.aws.cloudFormation(s.target("prod", i));
            assertFalse(cfn.exists("user-api-prod"), "deleted in " + s.target("prod", i).label());
            assertEquals(1, cfn.calls("UpdateTerminationProtection") - 1,
                    "termination protection: turned on by the deploy, off once by the confirmed delete");
        }
    }

    @Test
    void deletingAnEnvironmentThatWasNeverDeployedChangesNothing() {
        Scenario s = new Scenario(dir);
        assertEquals(0, s.run("delete", "--env", "dev", "--yes"), s.output());
        assertTrue(s.stdout.contains("not deployed, nothing to delete"), s.stdout);
        assertEquals(0, s.cfn("dev").calls("DeleteStack"));
    }

    // ------------------------------------------------------------------ diff

    @Test
    void diffExitsZeroWhenIdenticalAndSixWithTheParameterThatDiffers() throws Exception {
        Scenario s = deployedDev();
        List<String> executed = s.changeSets("dev");
        assertEquals(0, s.run("diff", "--env", "dev"), s.output());
        assertTrue(s.stdout.contains("no differences"), s.stdout);

        Files.writeString(s.dir.resolve("accounts.yaml"), s.read("accounts.yaml").replace("LogRetentionDays: 7", "LogRetentionDays: 14"));
        assertEquals(ExitCodes.DIFFERENT, s.run("diff", "--env", "dev"), s.output());
        assertTrue(s.stdout.contains("~ LogRetentionDays: 7 -> 14"), s.stdout);
        assertTrue(s.stdout.contains("what CloudFormation would do:"), s.stdout);
        assertTrue(s.stdout.contains("Modify"), "the change set's table: " + s.stdout);
        assertEquals(executed, s.changeSets("dev"), "the change set made to read is deleted; only the executed one remains");
        assertEquals(1, s.cfn("dev").calls("ExecuteChangeSet"), "only the first deploy executed");
    }

    @Test
    void diffShowsAChangedResourcePropertyByPath() throws Exception {
        Scenario s = deployedDev();
        s.editTemplate("      BillingMode: PAY_PER_REQUEST", "      BillingMode: PROVISIONED\n      ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 }");
        assertEquals(ExitCodes.DIFFERENT, s.run("diff", "--env", "dev", "--output", "json"), s.output());
        JsonNode report = new ObjectMapper().readTree(s.stdout);
        assertEquals("DIFFERENT", report.get("result").asText());
        assertEquals(6, report.get("exitCode").asInt());
        String lines = report.get("targets").get(0).get("details").toString();
        assertTrue(lines.contains("~ Resources.UsersTable (AWS::DynamoDB::Table)"), lines);
        assertTrue(lines.contains("~ Properties.BillingMode: \\\"PAY_PER_REQUEST\\\" -> \\\"PROVISIONED\\\""), lines);
        assertTrue(lines.contains("+ Properties.ProvisionedThroughput.ReadCapacityUnits: 1"), lines);
    }

    @Test
    void diffOfAnEnvironmentNotYetDeployedDiffers() {
        Scenario s = new Scenario(dir);
        assertEquals(ExitCodes.DIFFERENT, s.run("diff", "--env", "dev"), s.output());
        assertTrue(s.stdout.contains("not deployed"), s.stdout);
        // DeleteStack is asynchronous, on AWS as in the fake: the placeholder is being deleted, or gone.
        assertEquals(1, s.cfn("dev").calls("DeleteStack"), "the placeholder stack of the CREATE change set is deleted");
        String status = s.cfn("dev").status(DEV_STACK);
        assertTrue(status == null || status.startsWith("DELETE_"), "placeholder: " + status);
    }

    // ------------------------------------------------------------------ drift

    @Test
    void driftFoundAndNotFound() {
        Scenario s = deployedDev();
        assertEquals(0, s.run("drift", "--env", "dev"), s.output());
        assertTrue(s.stdout.contains("IN_SYNC"), s.stdout);

        s.cfn("dev").driftResource(DEV_STACK, "CreateUserFunction", PropertyDifference.builder().propertyPath("/MemorySize")
                .expectedValue("512").actualValue("1024").differenceType(DifferenceType.NOT_EQUAL).build());
        s.cfn("dev").driftResource(DEV_STACK, "GetUserPermission");
        assertEquals(ExitCodes.DRIFTED, s.run("drift", "--env", "dev"), s.output());
        assertTrue(s.stdout.contains("DRIFTED"), s.stdout);
        assertTrue(s.stdout.contains("~ CreateUserFunction (AWS::Lambda::Function)"), s.stdout);
        assertTrue(s.stdout.contains("/MemorySize: NOT_EQUAL template 512, actual 1024"), s.stdout);
        assertTrue(s.stdout.contains("- GetUserPermission (AWS::Lambda::Permission)"), s.stdout);
        assertTrue(s.stdout.contains("DELETED"), s.stdout);
    }

    @Test
    void deployWarnsAboutALastCheckThatFoundDriftAndRequireNoDriftRefuses() {
        Scenario s = deployedDev();
        s.cfn("dev").driftResource(DEV_STACK, "CreateUserFunction", PropertyDifference.builder().propertyPath("/Timeout")
                .expectedValue("10").actualValue("30").differenceType(DifferenceType.NOT_EQUAL).build());
        assertEquals(ExitCodes.DRIFTED, s.run("drift", "--env", "dev"));
        s.build(2);

        assertEquals(ExitCodes.REFUSED, s.run("deploy", "--env", "dev", "--require-no-drift"));
        assertTrue(s.stderr.contains("has drifted: CreateUserFunction MODIFIED"), s.stderr);
        assertEquals(1, s.cfn("dev").calls("ExecuteChangeSet"), "nothing executed");

        assertEquals(0, s.run("deploy", "--env", "dev"), s.output());
        assertTrue(s.stderr.contains("had drifted when last checked"), s.stderr);
    }

    // ------------------------------------------------------------------ rollback and cancel

    private Scenario seeded(String status) {
        Scenario s = new Scenario(dir);
        s.cfn("dev").seedStack(DEV_STACK, status, s.read("cloudformation/app.yaml"),
                Map.of("AppName", "user-api", "ArtifactBucket", s.target("dev", 0).artifactBucket(), "ArtifactKey", "user-api/x.jar"));
        return s;
    }

    @Test
    void rollbackOfUpdateRollbackFailedWithAndWithoutSkip() {
        Scenario s = seeded("UPDATE_ROLLBACK_FAILED");
        FakeCloudFormation cfn = s.cfn("dev");
        cfn.failResource("CreateUserFunction", "Resource handler returned message: \"Function not found\"");

        assertEquals(ExitCodes.AWS_FAILURE, s.run("rollback", "--env", "dev"), s.output());
        assertEquals("UPDATE_ROLLBACK_FAILED", cfn.status(DEV_STACK));
        assertTrue(s.stderr.contains("CreateUserFunction"), "the resource that cannot roll back is named: " + s.stderr);

        assertEquals(ExitCodes.BAD_INPUT, s.run("rollback", "--env", "dev", "--skip", "NoSuchThing"));
        assertTrue(s.stderr.contains("no such resource"), s.stderr);
        assertEquals(ExitCodes.REFUSED, s.run("rollback", "--env", "dev", "--skip", "UsersTable"));
        assertTrue(s.stderr.contains("--allow-replace"), s.stderr);
        assertEquals("UPDATE_ROLLBACK_FAILED", cfn.status(DEV_STACK), "a refused skip changes nothing");

        assertEquals(0, s.run("rollback", "--env", "dev", "--skip", "CreateUserFunction"), s.output());
        assertEquals("UPDATE_ROLLBACK_COMPLETE", cfn.status(DEV_STACK));
        assertTrue(s.stdout.contains("UPDATE_ROLLBACK_COMPLETE"), s.stdout);
        assertEquals("rollback", DeployPathScenarioTest.latestRecord(s, "dev").operation());
    }

    @Test
    void rollbackOfAStackLeftFailedByDisableRollback() {
        Scenario s = seeded("UPDATE_FAILED");
        assertEquals(0, s.run("rollback", "--env", "dev"), s.output());
        assertEquals("UPDATE_ROLLBACK_COMPLETE", s.cfn("dev").status(DEV_STACK));
        assertEquals(1, s.cfn("dev").calls("RollbackStack"));

        assertEquals(0, s.run("rollback", "--env", "dev"), s.output());
        assertTrue(s.stdout.contains("nothing to roll back"), s.stdout);
    }

    @Test
    void disableRollbackIsRefusedOnAProtectedEnvironment() {
        Scenario s = new Scenario(dir);
        assertEquals(ExitCodes.REFUSED, s.run("deploy", "--env", "prod", "--yes", "--disable-rollback",
                "--artifact", "functions/target/user-api-functions.jar"));
        assertTrue(s.stderr.contains("--disable-rollback is for development environments"), s.stderr);
        assertFalse(s.aws.cloudFormation(s.target("prod", 0)).exists("user-api-prod"));
    }

    @Test
    void disableRollbackLeavesAFailedUpdateForRollbackToUndo() {
        Scenario s = deployedDev();
        s.cfn("dev").failResource("GetUserFunction", "Resource handler returned message: \"boom\"");
        s.build(2);
        assertEquals(ExitCodes.AWS_FAILURE, s.run("deploy", "--env", "dev", "--disable-rollback"), s.output());
        assertEquals("UPDATE_FAILED", s.cfn("dev").status(DEV_STACK));
        s.cfn("dev").healResource("GetUserFunction");
        assertEquals(0, s.run("rollback", "--env", "dev"), s.output());
        assertEquals("UPDATE_ROLLBACK_COMPLETE", s.cfn("dev").status(DEV_STACK));
    }

    @Test
    void cancelStopsAnUpdateInProgress() {
        Scenario s = deployedDev();
        assertEquals(0, s.run("cancel", "--env", "dev"), s.output());
        assertTrue(s.stdout.contains("no update in progress"), s.stdout);
        assertEquals(0, s.cfn("dev").calls("CancelUpdateStack"));

        s.cfn("dev").updateInProgress(DEV_STACK, Duration.ofSeconds(30));
        assertEquals(0, s.run("cancel", "--env", "dev"), s.output());
        assertEquals("UPDATE_ROLLBACK_COMPLETE", s.cfn("dev").status(DEV_STACK));
        assertTrue(s.stdout.contains("update cancelled"), s.stdout);
        assertEquals("cancel", DeployPathScenarioTest.latestRecord(s, "dev").operation());
    }

    // ------------------------------------------------------------------ logs

    private static void logLines(Scenario s) {
        FakeLogs logs = s.aws.logs("222222222222", "eu-west-1");
        Instant t = Instant.now().minusSeconds(60);
        logs.put("/aws/lambda/user-api-dev-get-user", "s1", t.plusMillis(300),
                "{\"timestamp\":\"x\",\"level\":\"INFO\",\"message\":\"read user 1\",\"AWSRequestId\":\"req-get\"}");
        logs.put("/aws/lambda/user-api-dev-create-user", "s2", t.plusMillis(100),
                "{\"timestamp\":\"x\",\"level\":\"INFO\",\"message\":\"created user 1\",\"AWSRequestId\":\"req-create\"}");
        logs.put("/aws/lambda/user-api-dev-delete-user", "s3", t.plusMillis(500),
                "{\"timestamp\":\"x\",\"level\":\"ERROR\",\"message\":\"delete failed\",\"AWSRequestId\":\"req-delete\"}");
        logs.put("/aws/lambda/user-api-dev-create-user", "s2", t.minusSeconds(3600), "{\"message\":\"an hour ago\"}");
    }

    @Test
    void logsOfThreeFunctionsAreMergedInTimeOrderWithTheirRequestIds() {
        Scenario s = deployedDev();
        logLines(s);
        assertEquals(0, s.run("logs", "--env", "dev", "--since", "10m"), s.output());
        List<String> lines = s.stdout.lines().toList();
        assertEquals(3, lines.size(), s.stdout);
        assertTrue(lines.get(0).contains(" create-user req-create "), lines.get(0));
        assertTrue(lines.get(1).contains(" get-user req-get "), lines.get(1));
        assertTrue(lines.get(2).contains(" delete-user req-delete "), lines.get(2));
        assertFalse(s.stdout.contains("an hour ago"), "--since bounds the start");

        assertEquals(0, s.run("logs", "--env", "dev", "--since", "2h", "--function", "create-user"), s.output());
        assertEquals(2, s.stdout.lines().count(), s.stdout);
        assertEquals(0, s.run("logs", "--env", "dev", "--filter", "ERROR"), s.output());
        assertEquals(1, s.stdout.lines().count(), s.stdout);
        assertEquals(ExitCodes.BAD_INPUT, s.run("logs", "--env", "dev", "--function", "no-such"));
    }

    @Test
    void logsTailFollowsNewLinesUntilInterrupted() throws Exception {
        Scenario s = deployedDev();
        logLines(s);
        AtomicInteger looks = new AtomicInteger();
        s.sleeper = d -> {
            if (!d.equals(Duration.ofSeconds(2))) {
                Sleeper.SYSTEM.sleep(d);
                return;
            }
            // Between two looks a new line arrives; on the next pause, Ctrl-C.
            if (looks.incrementAndGet() == 1) {
                s.aws.logs("222222222222", "eu-west-1").put("/aws/lambda/user-api-dev-get-user", "s1", Instant.now(),
                        "{\"message\":\"later\",\"AWSRequestId\":\"req-later\"}");
                return;
            }
            throw new InterruptedException();
        };
        assertEquals(0, s.run("logs", "--env", "dev", "--tail", "--output", "json"), s.output());
        List<String> lines = s.stdout.lines().toList();
        assertEquals(4, lines.size(), s.stdout);
        JsonNode last = new ObjectMapper().readTree(lines.get(3));
        assertEquals("req-later", last.get("requestId").asText());
        assertEquals("get-user", last.get("function").asText());
        assertTrue(s.stderr.contains("stopped following"), s.stderr);
    }

    // ------------------------------------------------------------------ shared behaviour

    @Test
    void planWorksFromASubdirectoryOfTheProject() throws Exception {
        Scenario s = new Scenario(dir);
        s.workDir = Files.createDirectories(dir.resolve("functions/src"));
        assertEquals(0, s.run("plan", "--env", "dev", "--offline"), s.output());
        assertTrue(s.stderr.contains("would change stack user-api-dev"), s.stderr);
    }

    @Test
    void everyCommandsHelpDocumentsItsExitCodes() {
        Scenario s = new Scenario(dir);
        for (String command : List.of("deploy", "plan", "status", "diff", "drift", "logs", "rollback", "cancel", "delete", "bootstrap")) {
            assertEquals(0, s.run(command, "--help"));
            assertTrue(s.stdout.contains("Exit codes:"), command + ": " + s.stdout);
            assertTrue(s.stdout.contains("70   internal error"), command + ": " + s.stdout);
        }
        s.run("diff", "--help");
        assertTrue(s.stdout.contains("6    they differ"), s.stdout);
        s.run("drift", "--help");
        assertTrue(s.stdout.contains("7    a resource was changed outside CloudFormation"), s.stdout);
    }

    @Test
    void completionScriptKnowsEveryCommand() {
        Scenario s = new Scenario(dir);
        assertEquals(0, s.run("completion"));
        assertTrue(s.stdout.contains("complete -F"), "a bash completion script");
        for (String command : List.of("diff", "drift", "logs", "rollback", "cancel", "delete", "--force-protected", "--require-no-drift")) {
            assertTrue(s.stdout.contains(command), command);
        }
    }
}
