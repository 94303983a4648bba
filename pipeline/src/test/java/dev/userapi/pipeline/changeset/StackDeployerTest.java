package dev.userapi.pipeline.changeset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userapi.pipeline.fake.FakeCloudFormation;
import dev.userapi.pipeline.progress.Printer;
import dev.userapi.pipeline.template.Template;
import dev.userapi.pipeline.template.TemplateParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.model.Capability;

class StackDeployerTest {
    static final String TEMPLATE = """
            Parameters:
              AppName: {Type: String, Default: user-api}
              ArtifactKey: {Type: String}
            Resources:
              Table:
                Type: AWS::DynamoDB::Table
                DeletionPolicy: Retain
                UpdateReplacePolicy: Retain
                Properties:
                  KeySchema: [{AttributeName: id, KeyType: HASH}]
              Role:
                Type: AWS::IAM::Role
                Properties:
                  Path: !Sub /${AppName}/
              Logs:
                Type: AWS::Logs::LogGroup
                Properties:
                  RetentionInDays: 7
              Fn:
                Type: AWS::Lambda::Function
                Properties:
                  Code: {S3Key: !Ref ArtifactKey}
                  Role: !GetAtt Role.Arn
                  Environment: {Variables: {TABLE_NAME: !Ref Table}}
            Outputs:
              TableName: {Value: !Ref Table}
            """;

    final FakeCloudFormation cfn = new FakeCloudFormation("222222222222", "eu-west-1").eventPageSize(3).changePageSize(2);
    final StringWriter printed = new StringWriter();
    final Printer out = new Printer(new PrintWriter(printed, true), false);
    final Poller poller = new Poller(PollSchedule.DEFAULT.scaled(0.005), Sleeper.SYSTEM, Clock.systemUTC());
    StackDeployer deployer = new StackDeployer(cfn, out, poller, StackDeployer.WaitLimits.DEFAULT);

    static StackSpec spec(String body, String artifactKey, boolean protectedStack) {
        Template t = TemplateParser.parse(Path.of("t.yaml"), body);
        return new StackSpec("user-api-dev", t, body, null, Map.of("ArtifactKey", artifactKey), Capabilities.required(t),
                "arn:aws:iam::222222222222:role/user-api-cfn-exec", Map.of("app", "user-api"),
                new DeployId("0123456789abcdef", "alice", Instant.now()), "test", StatefulResources.in(t), protectedStack);
    }

    Execution deploy(StackSpec spec) {
        Prepared p = deployer.prepare(spec);
        return switch (p) {
            case Prepared.Ready r -> deployer.execute(r, Set.of());
            case Prepared.Recreate r -> deployer.recreate(r, Set.of());
            case Prepared.NoChanges n -> null;
        };
    }

    @Test
    void createsThenUpdatesThenFindsNothingToDo() {
        Prepared first = deployer.prepare(spec(TEMPLATE, "a.jar", false));
        Prepared.Ready ready = assertInstanceOf(Prepared.Ready.class, first);
        assertEquals("CREATE", ready.changeSetType());
        assertEquals(4, ready.changes().size(), "every page of the change set is read (page size 2)");
        assertTrue(ready.changes().stream().allMatch(c -> c.action().equals("Add")));
        assertEquals("REVIEW_IN_PROGRESS", cfn.status("user-api-dev"));
        Execution created = deployer.execute(ready, Set.of());
        assertTrue(created.succeeded());
        assertEquals("CREATE_COMPLETE", created.finalStatus());
        assertEquals(cfn.physicalId("user-api-dev", "Table"), created.outputs().get("TableName"), "outputs come from the finished stack");
        // 4 resources × 2 events + stack IN_PROGRESS + COMPLETE, across pages of 3
        assertEquals(10, created.events());
        assertTrue(printed.toString().contains("CREATE_COMPLETE"), printed.toString());

        Execution updated = deploy(spec(TEMPLATE, "b.jar", false));
        assertTrue(updated.succeeded());
        assertEquals("UPDATE", updated.changeSet().changeSetType());
        assertEquals(List.of("Fn"), updated.changeSet().changes().stream().map(Change::logicalId).toList());
        assertEquals("False", updated.changeSet().changes().get(0).replacement());
        assertEquals("b.jar", cfn.parameters("user-api-dev").get("ArtifactKey"));

        Prepared again = deployer.prepare(spec(TEMPLATE, "b.jar", false));
        assertInstanceOf(Prepared.NoChanges.class, again);
        assertTrue(cfn.changeSetNames("user-api-dev").stream().noneMatch(n -> n.startsWith("deploy-") && !n.equals(updated.changeSet().changeSetName())),
                "the empty change set is deleted: " + cfn.changeSetNames("user-api-dev"));
    }

    @Test
    void capabilitiesComeFromTheTemplate() {
        Template t = TemplateParser.parse(Path.of("t.yaml"), TEMPLATE);
        assertEquals(List.of(Capability.CAPABILITY_IAM), Capabilities.required(t));
        Template named = TemplateParser.parse(Path.of("n.yaml"), """
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  R: {Type: AWS::IAM::Role, Properties: {RoleName: fixed}}
                """);
        assertEquals(Set.of(Capability.CAPABILITY_NAMED_IAM, Capability.CAPABILITY_AUTO_EXPAND), Set.copyOf(Capabilities.required(named)));
        Template none = TemplateParser.parse(Path.of("x.yaml"), "Resources: {B: {Type: AWS::S3::Bucket}}");
        assertEquals(List.of(), Capabilities.required(none));
    }

    @Test
    void aStackThatAlreadyMatchesIsANoOpWithoutAChangeSet() {
        deploy(spec(TEMPLATE, "a.jar", false));
        int created = cfn.calls("CreateChangeSet");
        int reads = cfn.calls("GetTemplate");
        Prepared p = deployer.prepare(spec(TEMPLATE, "a.jar", false));
        assertEquals(StackDeployer.UNCHANGED, assertInstanceOf(Prepared.NoChanges.class, p).reason());
        assertEquals(created, cfn.calls("CreateChangeSet"), "no change set made");
        assertEquals(reads + 1, cfn.calls("GetTemplate"), "one GetTemplate in its place");
        assertTrue(printed.toString().contains("no change set needed"), printed.toString());
        // Another artifact: a parameter value differs, so CloudFormation computes the change.
        assertInstanceOf(Prepared.Ready.class, deployer.prepare(spec(TEMPLATE, "b.jar", false)));
    }

    @Test
    void aTemplateThatDiffersOnlyInTextGetsAChangeSetWhichComesBackEmptyAndIsDeleted() {
        deploy(spec(TEMPLATE, "a.jar", false));
        int created = cfn.calls("CreateChangeSet");
        int deleted = cfn.calls("DeleteChangeSet");
        Prepared p = deployer.prepare(spec(TEMPLATE + "# a comment changes no resource\n", "a.jar", false));
        assertTrue(assertInstanceOf(Prepared.NoChanges.class, p).reason().contains("didn't contain changes"), p.toString());
        assertEquals(created + 1, cfn.calls("CreateChangeSet"));
        assertEquals(deleted + 1, cfn.calls("DeleteChangeSet"), "the empty change set was deleted");
    }

    @Test
    void anEndpointThatRefusesTheEmptyChangeSetAtCreateIsAlsoANoOp() {
        deploy(spec(TEMPLATE, "a.jar", false));
        cfn.refuseEmptyChangeSetsAtCreate(true);
        // Not byte-identical, so the change set is asked for and refused as empty.
        Prepared p = deployer.prepare(spec(TEMPLATE + "# a comment\n", "a.jar", false));
        assertTrue(assertInstanceOf(Prepared.NoChanges.class, p).reason().contains("No updates are to be performed"), p.toString());
    }

    @Test
    void aFailedChangeSetForAnyOtherReasonIsAFailureAndLeavesNothingBehind() {
        cfn.failNextChangeSet("Template error: instance of Fn::GetAtt references undefined resource Nope");
        DeployException e = assertThrows(DeployException.class, () -> deployer.prepare(spec(TEMPLATE, "a.jar", false)));
        assertEquals(DeployException.Kind.AWS_FAILURE, e.kind());
        assertTrue(e.getMessage().contains("undefined resource Nope"), e.getMessage());
        // DeleteStack is asynchronous: on a busy machine the fake may already have finished it.
        String status = cfn.status("user-api-dev");
        assertTrue(status == null || status.startsWith("DELETE_"), "the REVIEW_IN_PROGRESS placeholder is being deleted too: " + status);
        poller.until(Duration.ofSeconds(5), () -> cfn.exists("user-api-dev"), exists -> !exists);
    }

    @Test
    void aFailedCreateRollsBackNamesTheRootCauseAndIsRecreatedNextTime() {
        cfn.failResource("Fn", "Resource handler returned message: \"Error occurred while GetObject. S3 Error Code: NoSuchKey\"");
        Execution failed = deploy(spec(TEMPLATE, "a.jar", false));
        assertFalse(failed.succeeded());
        assertEquals("ROLLBACK_COMPLETE", failed.finalStatus(), "the rollback is waited for");
        assertTrue(failed.rootCause().startsWith("Fn (AWS::Lambda::Function) CREATE_FAILED: Resource handler returned message"), failed.rootCause());
        assertTrue(printed.toString().contains("root cause: Fn"), printed.toString());

        cfn.healResource("Fn");
        Prepared p = deployer.prepare(spec(TEMPLATE, "a.jar", false));
        Prepared.Recreate r = assertInstanceOf(Prepared.Recreate.class, p);
        assertEquals("ROLLBACK_COMPLETE", cfn.status("user-api-dev"), "preparing deletes nothing");
        Execution again = deployer.recreate(r, Set.of());
        assertTrue(again.succeeded(), printed.toString());
        assertEquals("CREATE_COMPLETE", cfn.status("user-api-dev"));
        assertTrue(printed.toString().contains("ROLLBACK_COMPLETE: its first create failed"), printed.toString());
    }

    @Test
    void aBusyStackIsWaitedForWithinTheBoundAndRefusedAfterIt() {
        deploy(spec(TEMPLATE, "a.jar", false));
        cfn.occupy("user-api-dev", Duration.ofMillis(200));
        Execution e = deploy(spec(TEMPLATE, "b.jar", false));
        assertTrue(e.succeeded());
        assertTrue(printed.toString().contains("another operation holds it; waiting"), printed.toString());

        cfn.occupy("user-api-dev", Duration.ofHours(1));
        deployer = new StackDeployer(cfn, out, poller, StackDeployer.WaitLimits.DEFAULT.withBusyStack(Duration.ofMillis(150)));
        DeployException refused = assertThrows(DeployException.class, () -> deployer.prepare(spec(TEMPLATE, "c.jar", false)));
        assertEquals(DeployException.Kind.REFUSED, refused.kind());
        assertTrue(refused.getMessage().contains("is still UPDATE_IN_PROGRESS"), refused.getMessage());
        assertTrue(refused.getMessage().contains("Console-UpdateStack-"), "names what holds it: " + refused.getMessage());
    }

    @Test
    void updateRollbackFailedSaysToContinueTheRollback() {
        cfn.seedStack("user-api-dev", "UPDATE_ROLLBACK_FAILED", TEMPLATE, Map.of("ArtifactKey", "a.jar"));
        DeployException e = assertThrows(DeployException.class, () -> deployer.prepare(spec(TEMPLATE, "b.jar", false)));
        assertEquals(DeployException.Kind.REFUSED, e.kind());
        assertTrue(e.getMessage().contains("pipeline rollback --env ENV [--skip LOGICAL_ID]"), e.getMessage());
    }

    @Test
    void aTableReplacementIsShownAsSuchAndRefusedUnlessAllowed() {
        deploy(spec(TEMPLATE, "a.jar", false));
        String changedKey = TEMPLATE.replace("AttributeName: id, KeyType: HASH", "AttributeName: pk, KeyType: HASH");
        Prepared.Ready r = assertInstanceOf(Prepared.Ready.class, deployer.prepare(spec(changedKey, "a.jar", false)));
        Change table = r.changes().stream().filter(c -> c.logicalId().equals("Table")).findFirst().orElseThrow();
        assertEquals("True", table.replacement());
        Change fn = r.changes().stream().filter(c -> c.logicalId().equals("Fn")).findFirst().orElseThrow();
        assertEquals("False", fn.replacement(), "the function only follows the new table name");
        assertTrue(fn.details().get(0).contains("ResourceReference Table"), fn.details().toString());
        assertTrue(SafetyPolicy.check(r.changes(), r.statefulIds(), Set.of()).refused());
        assertFalse(SafetyPolicy.check(r.changes(), r.statefulIds(), Set.of("Table")).refused());
        deployer.discard(r);
        assertEquals(List.of(), cfn.changeSetNames("user-api-dev").stream().filter(n -> n.equals(r.changeSetName())).toList());
    }

    @Test
    void aProtectedStackGetsAPolicyAndTerminationProtectionAndThePolicyHolds() {
        deploy(spec(TEMPLATE, "a.jar", true));
        assertTrue(cfn.terminationProtection("user-api-dev"));
        assertTrue(cfn.stackPolicy("user-api-dev").contains("LogicalResourceId/Table"), cfn.stackPolicy("user-api-dev"));
        String changedKey = TEMPLATE.replace("AttributeName: id, KeyType: HASH", "AttributeName: pk, KeyType: HASH");
        // Allowed by name: the policy is lifted for Table during this update only, then put back.
        Prepared.Ready r = assertInstanceOf(Prepared.Ready.class, deployer.prepare(spec(changedKey, "a.jar", true)));
        Execution replaced = deployer.execute(r, Set.of("Table"));
        assertTrue(replaced.succeeded(), printed.toString());
        assertTrue(cfn.stackPolicy("user-api-dev").contains("LogicalResourceId/Table"));
        // Not allowed: even if the review were bypassed, the stack policy stops the replacement.
        String again = changedKey.replace("AttributeName: pk", "AttributeName: pk2");
        Prepared.Ready r2 = assertInstanceOf(Prepared.Ready.class, deployer.prepare(spec(again, "a.jar", true)));
        Execution denied = deployer.execute(r2, Set.of());
        assertFalse(denied.succeeded());
        assertEquals("UPDATE_ROLLBACK_COMPLETE", denied.finalStatus());
        assertTrue(denied.rootCause().contains("Action denied by stack policy"), denied.rootCause());
    }

    @Test
    void aChangeSetWithoutExecutionStatusIsExecutedWhenItIsCreateComplete() {
        cfn.omitExecutionStatus(true);
        Execution created = deploy(spec(TEMPLATE, "a.jar", false));
        assertTrue(created.succeeded(), printed.toString());
        assertEquals("CREATE_COMPLETE", cfn.status("user-api-dev"));
    }

    @Test
    void anUpdateTheEndpointRefusesAtExecuteAsNoUpdatesChangesNothingAndIsNotAFailure() {
        assertTrue(deploy(spec(TEMPLATE, "a.jar", false)).succeeded());
        cfn.refuseUpdatesAtExecute(true);
        Prepared.Ready ready = assertInstanceOf(Prepared.Ready.class, deployer.prepare(spec(TEMPLATE, "b.jar", false)));
        Execution e = deployer.execute(ready, Set.of());
        assertTrue(e.succeeded(), printed.toString());
        assertEquals("CREATE_COMPLETE", e.finalStatus(), "the stack is where it was");
        assertEquals("a.jar", cfn.parameters("user-api-dev").get("ArtifactKey"));
        assertFalse(cfn.changeSetNames("user-api-dev").contains(ready.changeSetName()), "the refused change set is deleted");
        assertTrue(printed.toString().contains("no changes: No updates to be performed"), printed.toString());
    }
}
