package dev.userapi.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userapi.pipeline.fake.FakeCloudFormation;
import dev.userapi.pipeline.record.DeployRecord;
import dev.userapi.pipeline.record.RecordStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deploy command end to end against the fake world: the scenarios of issue 3. */
class DeployScenarioTest {
    @TempDir
    Path dir;

    static final String DEV = "user-api-dev";

    DeployRecord latestRecord(Scenario s, String env) {
        var t = s.target(env, 0);
        byte[] json = s.aws.s3().object(t.artifactBucket(), RecordStore.latestKey("user-api", env, t.account(), t.region())).orElseThrow();
        return RecordStore.fromJson(new String(json), "latest.json");
    }

    @Test
    void anExpiredSsoLoginIsRefusedWithTheLoginCommandForTheProfileInUse() throws Exception {
        Scenario s = new Scenario(dir);
        var expired = s.aws.sts().addSession(
                "arn:aws:sts::222222222222:assumed-role/AWSReservedSSO_Developer_abc/alice", java.time.Duration.ofMinutes(-5));
        s.aws.profile("dev-sso", software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(expired));
        assertEquals(4, s.run("deploy", "--env", "dev", "--profile", "dev-sso"), s.output());
        assertTrue(s.output().contains("aws sso login --profile dev-sso"), s.output());
        assertEquals(null, s.cfn("dev").status(DEV), "nothing reached CloudFormation");
    }

    @Test
    void firstCreateUploadsTheArtifactExecutesAndRecords() throws Exception {
        Scenario s = new Scenario(dir);
        assertEquals(0, s.run("deploy", "--env", "dev"), s.output());
        FakeCloudFormation cfn = s.cfn("dev");
        assertEquals("CREATE_COMPLETE", cfn.status(DEV));
        var t = s.target("dev", 0);
        String sha = dev.userapi.pipeline.packaging.Artifact.of(s.dir.resolve("functions/target/user-api-functions.jar")).sha256();
        assertTrue(s.aws.s3().object(t.artifactBucket(), "user-api/artifacts/" + sha + ".jar").isPresent(), "artifact uploaded under its hash");
        assertEquals("user-api/artifacts/" + sha + ".jar", cfn.parameters(DEV).get("ArtifactKey"));
        assertEquals("7", cfn.parameters(DEV).get("LogRetentionDays"), "environment parameters reach the stack");
        // Progress on stderr, the result (outputs, summary) on stdout, so 'pipeline deploy | …' gets only the result.
        assertTrue(s.stderr.contains("CREATE_COMPLETE"), s.stderr);
        assertTrue(s.stdout.contains("ApiUrl = https://"), "outputs printed: " + s.stdout);
        assertTrue(s.stderr.contains("Add  "), "change table: " + s.stderr);
        assertFalse(s.stdout.contains("Add  "), "no progress on stdout: " + s.stdout);

        DeployRecord r = latestRecord(s, "dev");
        assertEquals(DeployRecord.Result.SUCCEEDED, r.result());
        assertEquals(Scenario.SHA, r.gitSha());
        assertEquals("alice", r.actor());
        assertEquals(sha, r.artifact().sha256());
        assertTrue(r.changeSetName().startsWith("deploy-0123456-"), r.changeSetName());
        assertEquals("CREATE", r.changeSetType());
        assertTrue(r.changes().stream().anyMatch(c -> c.logicalId().equals("UsersTable")));
        assertTrue(r.phaseMillis().keySet().containsAll(List.of("assume", "upload", "changeset", "review", "execute")), r.phaseMillis().toString());
        assertTrue(r.outputs().containsKey("ApiUrl"));
        assertTrue(Files.isRegularFile(s.dir.resolve(".pipeline/records/dev/222222222222-eu-west-1/latest.json")), "local copy");
        assertEquals(1, cfn.executeTokens(DEV).size());
        assertTrue(cfn.executeTokens(DEV).get(0).startsWith("exec-0123456-"), "ExecuteChangeSet carries a ClientRequestToken");
    }

    @Test
    void anUpdateChangesOnlyTheFunctionsAndANoOpRedeployMakesNoChangeSetOrDeletesTheEmptyOne() {
        Scenario s = new Scenario(dir);
        assertEquals(0, s.run("deploy", "--env", "dev"), s.output());
        s.build(2);
        assertEquals(0, s.run("deploy", "--env", "dev"), s.output());
        DeployRecord update = latestRecord(s, "dev");
        assertEquals("UPDATE", update.changeSetType());
        // A new artifact updates each function's code, publishes a new version of it (a version is never
        // updated in place) and moves the live alias to that version; nothing else changes.
        Map<String, String> replacementById = new TreeMap<>();
        update.changes().forEach(c -> replacementById.put(c.logicalId(), c.replacement()));
        Map<String, String> expected = new TreeMap<>();
        for (String fn : List.of("CreateUser", "GetUser", "DeleteUser")) {
            expected.put(fn + "Function", "False");
            expected.put(fn + "Version", "True");
            expected.put(fn + "Alias", "False");
        }
        assertEquals(expected, replacementById, "a new artifact changes the functions, their versions and aliases only; "
                + "only the versions are replaced");
        assertEquals("UPDATE_COMPLETE", s.cfn("dev").status(DEV));

        List<String> before = s.changeSets("dev");
        int executes = s.cfn("dev").calls("ExecuteChangeSet");
        int created = s.cfn("dev").calls("CreateChangeSet");
        assertEquals(0, s.run("deploy", "--env", "dev"), s.output());
        assertTrue(s.output().contains("no change set needed"), s.output());
        assertTrue(s.output().contains("deploy dev: NO_CHANGES"), s.output());
        assertEquals(created, s.cfn("dev").calls("CreateChangeSet"), "the stack already matched: no change set made");
        assertEquals(executes, s.cfn("dev").calls("ExecuteChangeSet"), "nothing executed");
        assertEquals(DeployRecord.Result.NO_CHANGES, latestRecord(s, "dev").result());

        // A comment changes the template's text but no resource: CloudFormation's empty change set says so.
        s.editTemplate("Resources:\n", "# routes and functions below\nResources:\n");
        assertEquals(0, s.run("deploy", "--env", "dev"), s.output());
        assertTrue(s.output().contains("didn't contain changes"), s.output());
        assertTrue(s.output().contains("deploy dev: NO_CHANGES"), s.output());
        assertEquals(created + 1, s.cfn("dev").calls("CreateChangeSet"));
        assertEquals(before, s.changeSets("dev"), "the empty change set was deleted");
        assertEquals(executes, s.cfn("dev").calls("ExecuteChangeSet"), "nothing executed");
        assertEquals(DeployRecord.Result.NO_CHANGES, latestRecord(s, "dev").result());
    }

    /**
     * A route added to the API without a new deployment would be created in the API and never reach
     * the stage. The deploy refuses before any AWS call, naming the deployment id the routes now
     * need; with it, one change set adds the method and the deployment and moves the stage.
     */
    @Test
    void aRouteAddedToTheApiReachesTheStageInTheSameDeploy() {
        Scenario s = new Scenario(dir);
        assertEquals(0, s.run("deploy", "--env", "dev"), s.output());
        int changeSets = s.cfn("dev").calls("CreateChangeSet");
        String oldId = Pattern.compile("  (ApiDeployment[0-9A-F]{10}):").matcher(s.read("cloudformation/app.yaml"))
                .results().findFirst().orElseThrow().group(1);
        s.editTemplate("  " + oldId + ":", String.join("\n",
                "  ListUsersMethod:",
                "    Type: AWS::ApiGateway::Method",
                "    Properties:",
                "      RestApiId: !Ref Api",
                "      ResourceId: !Ref UsersResource",
                "      HttpMethod: GET",
                "      AuthorizationType: AWS_IAM",
                "      Integration:",
                "        Type: AWS_PROXY",
                "        IntegrationHttpMethod: POST",
                "        Uri: !Sub arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${GetUserAlias}/invocations",
                "",
                "  " + oldId + ":"));

        assertEquals(ExitCodes.BAD_INPUT, s.run("deploy", "--env", "dev"), s.output());
        Matcher named = Pattern.compile("apigateway-deployment-current " + oldId
                + " does not match Api's routes as they are now.*rename it to (ApiDeployment[0-9A-F]{10})").matcher(s.output());
        assertTrue(named.find(), s.output());
        String newId = named.group(1);
        assertNotEquals(oldId, newId);
        assertEquals(changeSets, s.cfn("dev").calls("CreateChangeSet"), "refused before any change set");

        s.editTemplate(oldId, newId);
        assertEquals(0, s.run("deploy", "--env", "dev"), s.output());
        DeployRecord update = latestRecord(s, "dev");
        List<String> changes = update.changes().stream().map(c -> c.action() + " " + c.logicalId()).toList();
        assertTrue(changes.contains("Add ListUsersMethod"), changes.toString());
        assertTrue(changes.contains("Add " + newId), "a new deployment with the new route: " + changes);
        assertTrue(changes.contains("Remove " + oldId), changes.toString());
        assertTrue(changes.contains("Modify ApiStage"), "the stage moves to the new deployment: " + changes);
    }

    @Test
    void aFailedCreateNamesTheRootCauseWaitsForTheRollbackAndTheNextDeployRecreates() {
        Scenario s = new Scenario(dir);
        s.cfn("dev").failResource("GetUserFunction",
                "Resource handler returned message: \"Error occurred while GetObject. S3 Error Code: AccessDenied\" (HandlerErrorCode: InvalidRequest)");
        assertEquals(ExitCodes.AWS_FAILURE, s.run("deploy", "--env", "dev"));
        assertTrue(s.output().contains("root cause: GetUserFunction (AWS::Lambda::Function) CREATE_FAILED: Resource handler returned message"),
                s.output());
        assertEquals("ROLLBACK_COMPLETE", s.cfn("dev").status(DEV), "the command returned only after the rollback finished");
        assertTrue(s.output().contains("ROLLBACK_COMPLETE"), s.output());
        DeployRecord failed = latestRecord(s, "dev");
        assertEquals(DeployRecord.Result.FAILED, failed.result());
        assertTrue(failed.reason().contains("GetUserFunction"), failed.reason());

        s.cfn("dev").healResource("GetUserFunction");
        assertEquals(0, s.run("deploy", "--env", "dev"), s.output());
        assertTrue(s.output().contains("ROLLBACK_COMPLETE: its first create failed"), s.output());
        assertTrue(s.output().contains("deleting stack user-api-dev"), s.output());
        assertEquals("CREATE_COMPLETE", s.cfn("dev").status(DEV));
    }

    @Test
    void aBusyStackIsWaitedForThenRefusedAfterTheBound() {
        Scenario s = new Scenario(dir);
        assertEquals(0, s.run("deploy", "--env", "dev"), s.output());
        s.build(2);
        s.cfn("dev").occupy(DEV, java.time.Duration.ofMillis(300));
        assertEquals(0, s.run("deploy", "--env", "dev"), s.output());
        assertTrue(s.output().contains("another operation holds it; waiting up to"), s.output());

        s.build(3);
        s.cfn("dev").occupy(DEV, java.time.Duration.ofHours(1));
        int executes = s.cfn("dev").calls("ExecuteChangeSet");
        assertEquals(ExitCodes.REFUSED, s.run("deploy", "--env", "dev", "--busy-timeout", "300ms"));
        assertTrue(s.output().contains("is still UPDATE_IN_PROGRESS"), s.output());
        assertEquals(executes, s.cfn("dev").calls("ExecuteChangeSet"));
        assertEquals(2, s.cfn("dev").calls("CreateChangeSet"), "no change set was even made for the busy stack");
    }

    @Test
    void aThrottlingBurstIsRiddenOut() {
        Scenario s = new Scenario(dir);
        // Seven in a row: more than the SDK's default of 3 attempts would survive, fewer than the 10 configured.
        s.cfn("dev").throttleNext(7);
        assertEquals(0, s.run("deploy", "--env", "dev"), s.output());
        assertEquals(7, s.cfn("dev").throttledCalls());
        assertEquals("CREATE_COMPLETE", s.cfn("dev").status(DEV));
    }

    @Test
    void credentialsThatExpireMidDeployAreRenewed() {
        Scenario s = new Scenario(dir);
        java.time.Instant realNow = java.time.Instant.now();
        // Sessions issued now look nearly over to the SDK's refreshing provider ...
        s.clock.set(realNow.minus(java.time.Duration.ofMinutes(59)).minusSeconds(30));
        // ... and right after ExecuteChangeSet an hour passes: the first session is expired from then on.
        s.cfn("dev").afterNext("ExecuteChangeSet", () -> s.clock.set(realNow.plus(java.time.Duration.ofMinutes(2))));
        assertEquals(0, s.run("deploy", "--env", "dev"), s.output());
        assertEquals("CREATE_COMPLETE", s.cfn("dev").status(DEV));
        var requests = s.aws.sts().assumeRoleRequests();
        assertTrue(requests.size() >= 2, "the session was renewed: " + requests.size() + " AssumeRole calls");
        assertTrue(requests.stream().allMatch(r -> "alice".equals(r.sourceIdentity())), "every renewal keeps the SourceIdentity");
    }

    @Test
    void credentialsInTheWrongAccountAreRefusedBeforeAnyChange() {
        Scenario s = new Scenario(dir);
        s.aws.sts().addRole(s.target("dev", 0).deployerRoleArn()).trust(Scenario.ALICE).sessionsReportAccount("999999999999");
        assertEquals(ExitCodes.REFUSED, s.run("deploy", "--env", "dev"));
        assertTrue(s.output().contains("999999999999"), s.output());
        assertEquals(0, s.aws.cloudFormationCalls(), "no CloudFormation call in any account");
    }

    @Test
    void aTableReplacementIsRefusedUnlessAllowedByName() {
        Scenario s = new Scenario(dir);
        assertEquals(0, s.run("deploy", "--env", "dev"), s.output());
        // A new key attribute: DynamoDB can only do that with a new table.
        s.editTemplate("- AttributeName: id", "- AttributeName: userId");
        int executes = s.cfn("dev").calls("ExecuteChangeSet");
        assertEquals(ExitCodes.REFUSED, s.run("deploy", "--env", "dev"));
        assertTrue(s.output().contains("refusing to replace (Replacement: True) UsersTable (AWS::DynamoDB::Table)"), s.output());
        assertTrue(s.output().contains("--allow-replace UsersTable"), s.output());
        assertEquals(executes, s.cfn("dev").calls("ExecuteChangeSet"), "nothing executed");
        assertEquals(1, s.changeSets("dev").size(), "the refused change set was deleted: " + s.changeSets("dev"));
        assertEquals(DeployRecord.Result.REFUSED, latestRecord(s, "dev").result());

        assertEquals(0, s.run("deploy", "--env", "dev", "--allow-replace", "UsersTable"), s.output());
        assertTrue(s.output().contains("as --allow-replace allows"), s.output());
        assertEquals("UPDATE_COMPLETE", s.cfn("dev").status(DEV));
    }

    @Test
    void aProtectedEnvironmentNeedsApprovalAndThenGetsItsLocks() {
        Scenario s = new Scenario(dir);
        assertEquals(ExitCodes.REFUSED, s.run("deploy", "--env", "prod", "--artifact", "functions/target/user-api-functions.jar"));
        assertTrue(s.output().contains("prod is protected"), s.output());
        for (int i = 0; i < 2; i++) {
            FakeCloudFormation cfn = s.aws.cloudFormation(s.target("prod", i));
            assertEquals(0, cfn.calls("ExecuteChangeSet"), "nothing executed in " + s.target("prod", i).label());
            assertEquals(1, cfn.calls("DeleteChangeSet"));
        }

        s.terminal = Scenario.typing("staging");
        assertEquals(ExitCodes.REFUSED, s.run("deploy", "--env", "prod", "--artifact", "functions/target/user-api-functions.jar"));
        assertTrue(s.output().contains("not confirmed"), s.output());

        s.terminal = dev.userapi.pipeline.deploy.Terminal.NONE;
        assertEquals(0, s.run("deploy", "--env", "prod", "--yes", "--artifact", "functions/target/user-api-functions.jar"), s.output());
        for (int i = 0; i < 2; i++) {
            FakeCloudFormation cfn = s.aws.cloudFormation(s.target("prod", i));
            assertTrue(cfn.terminationProtection("user-api-prod"));
            String policy = cfn.stackPolicy("user-api-prod");
            assertTrue(policy.contains("\"Update:Replace\"") && policy.contains("\"Update:Delete\"") && policy.contains("LogicalResourceId/UsersTable"), policy);
        }
    }

    @Test
    void aSavedPlanRunsExactlyAsPlannedAndIsRefusedOnceTheStackMoved() throws Exception {
        Scenario s = new Scenario(dir);
        assertEquals(0, s.run("deploy", "--env", "dev"), s.output());
        s.build(2);
        assertEquals(0, s.run("plan", "--env", "dev", "--save", "plan.json"), s.output());
        JsonNode plan = new ObjectMapper().readTree(s.read("plan.json"));
        String planned = plan.at("/targets/0/changeSetId").asText();
        assertTrue(s.changeSets("dev").contains(plan.at("/targets/0/changeSetName").asText()), "the planned change set is kept");
        assertEquals(9, plan.at("/targets/0/changes").size(), "three functions, their versions and their aliases");

        assertEquals(0, s.run("deploy", "--plan", "plan.json"), s.output());
        assertEquals(planned, latestRecord(s, "dev").changeSetId(), "the planned change set is the one that ran");
        assertEquals(2, s.cfn("dev").calls("CreateChangeSet"), "deploy --plan made no change set of its own");

        s.build(3);
        assertEquals(0, s.run("plan", "--env", "dev", "--save", "plan2.json"), s.output());
        s.cfn("dev").occupy(DEV, java.time.Duration.ofMillis(50));
        Thread.sleep(120);
        int executes = s.cfn("dev").calls("ExecuteChangeSet");
        assertEquals(ExitCodes.REFUSED, s.run("deploy", "--plan", "plan2.json"));
        assertTrue(s.output().contains("changed since the plan"), s.output());
        assertEquals(executes, s.cfn("dev").calls("ExecuteChangeSet"));

        assertEquals(0, s.run("plan", "--env", "dev", "--save", "plan3.json"), s.output());
        s.build(4);
        assertEquals(ExitCodes.REFUSED, s.run("deploy", "--plan", "plan3.json"));
        assertTrue(s.output().contains("is not the one planned"), s.output());
    }

    @Test
    void aSavedPlanRunsWithoutTheArtifactFileAsCiHandsItOver() throws Exception {
        Scenario s = new Scenario(dir);
        Path dist = s.dir.resolve("dist/user-api-functions.jar");
        Files.createDirectories(dist.getParent());
        Files.move(s.dir.resolve("functions/target/user-api-functions.jar"), dist);
        assertEquals(0, s.run("plan", "--env", "dev", "--save", "plan.json", "--artifact", "dist/user-api-functions.jar", "--output", "json"), s.stderr);
        assertEquals("PLANNED", new ObjectMapper().readTree(s.stdout).get("result").asText());
        Files.delete(dist);
        assertEquals(0, s.run("deploy", "--plan", "plan.json", "--yes", "--output", "json"), s.stderr);
        assertEquals("CREATE_COMPLETE", s.cfn("dev").status(DEV));
        assertEquals(latestRecord(s, "dev").artifact().sha256(), new ObjectMapper().readTree(s.read("plan.json")).get("artifactSha256").asText());
    }

    @Test
    void aTemplateOverTheBodyLimitGoesThroughTheArtifactBucket() throws Exception {
        Scenario s = new Scenario(dir);
        Path app = s.dir.resolve("cloudformation/app.yaml");
        Files.writeString(app, Files.readString(app) + ("# " + "x".repeat(98) + "\n").repeat(600));
        assertTrue(Files.size(app) > 51_200);
        assertEquals(0, s.run("deploy", "--env", "dev"), s.output());
        assertEquals("CREATE_COMPLETE", s.cfn("dev").status(DEV));
        var t = s.target("dev", 0);
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(app)));
        assertTrue(s.aws.s3().object(t.artifactBucket(), "user-api/templates/" + sha + ".yaml").isPresent(),
                "uploaded content-addressed and passed as TemplateURL (the fake reads it back from S3)");
    }

    @Test
    void aPlanWithoutSaveLeavesNothingBehind() {
        Scenario s = new Scenario(dir);
        assertEquals(0, s.run("plan", "--env", "dev"), s.output());
        assertTrue(s.output().contains("changes to user-api-dev"), s.output());
        assertEquals(0, s.cfn("dev").calls("ExecuteChangeSet"));
        long deadline = System.currentTimeMillis() + 5000;
        while (s.cfn("dev").exists(DEV) && System.currentTimeMillis() < deadline) {
            Thread.onSpinWait();
        }
        assertFalse(s.cfn("dev").exists(DEV), "the REVIEW_IN_PROGRESS stack the plan made is deleted");
    }

    /**
     * plan reads the execution role each account actually has (the bootstrap stack's template) and
     * refuses, before any change set, a template whose types that role cannot manage: here an account
     * bootstrapped before the app gained its caller policies (AWS::IAM::ManagedPolicy).
     */
    @Test
    void planRefusesWhatTheDeployedExecutionRoleCannotManage() throws Exception {
        String current = Files.readString(Scenario.repo().resolve("cloudformation/bootstrap/target-account.yaml"));
        Matcher callerGrant = Pattern.compile("(?s)              - Sid: AppCallerPolicies\n.*?(?=              - Sid: )").matcher(current);
        assertTrue(callerGrant.find(), "the bootstrap template grants the caller policies");
        String older = current.substring(0, callerGrant.start()) + current.substring(callerGrant.end());

        Scenario s = new Scenario(dir);
        s.cfn("dev").seedStack("user-api-bootstrap", "CREATE_COMPLETE", older, Map.of());
        assertEquals(ExitCodes.REFUSED, s.run("plan", "--env", "dev"), s.output());
        assertTrue(s.output().contains("the execution role deployed in dev 222222222222/eu-west-1 (stack user-api-bootstrap) cannot manage what the app "
                + "template now holds: AWS::IAM::ManagedPolicy needs "), s.output());
        assertTrue(s.output().contains("iam:CreatePolicy"), s.output());
        assertTrue(s.output().contains("run pipeline bootstrap --env dev"), s.output());
        assertEquals(0, s.cfn("dev").calls("CreateChangeSet"), "refused before any change set");
    }

    @Test
    void planPassesTheDeployedExecutionRoleAndWarnsWhenItCannotReadOne() throws Exception {
        Scenario s = new Scenario(dir);
        assertEquals(0, s.run("plan", "--env", "dev"), s.output());
        assertTrue(s.output().contains("cannot read the execution role deployed in dev 222222222222/eu-west-1 (GetTemplate on user-api-bootstrap: no such stack)"),
                s.output());

        s.cfn("dev").seedStack("user-api-bootstrap", "CREATE_COMPLETE",
                Files.readString(Scenario.repo().resolve("cloudformation/bootstrap/target-account.yaml")), Map.of());
        assertEquals(0, s.run("plan", "--env", "dev"), s.output());
        assertFalse(s.output().contains("execution role"), "the role bootstrapped from today's template suffices: " + s.output());
    }

    @Test
    void planOfflineCallsNoAws() {
        Scenario s = new Scenario(dir);
        int before = s.aws.touches();
        assertEquals(0, s.run("plan", "--env", "prod", "--offline"), s.output());
        assertEquals(before, s.aws.touches(), "no client built, no credentials asked for");
        assertTrue(s.output().contains("would assume arn:aws:iam::444444444444:role/user-api-deployer in account 444444444444 (us-east-1)"), s.output());
        assertTrue(s.output().contains("would change stack user-api-prod"), s.output());
        assertTrue(s.output().contains("ArtifactKey = user-api/artifacts/"), s.output());
    }

    @Test
    void promotionDeploysOnlyWhatThePreviousEnvironmentRuns() {
        Scenario s = new Scenario(dir);
        assertEquals(ExitCodes.REFUSED, s.run("deploy", "--env", "staging"));
        assertTrue(s.output().contains("nothing is recorded as deployed to dev"), s.output());
        assertEquals(0, s.run("deploy", "--env", "dev"), s.output());
        s.build(2);
        assertEquals(ExitCodes.REFUSED, s.run("deploy", "--env", "staging"));
        assertTrue(s.output().contains("is not what runs in dev"), s.output());
        s.build(1);
        assertEquals(0, s.run("deploy", "--env", "staging"), s.output());
        assertTrue(s.output().contains("promoting the artifact dev runs"), s.output());
        assertEquals(latestRecord(s, "dev").artifact().sha256(), latestRecord(s, "staging").artifact().sha256());
    }

    @Test
    void twelveTargetsDeployInParallelAndOneFailureDoesNotStopTheOthers() throws Exception {
        Scenario s = new Scenario(dir);
        var failing = s.target("wide", 7);
        s.aws.cloudFormation(failing).failResource("Api", "Resource handler returned message: \"Too Many Requests\"");
        assertEquals(ExitCodes.AWS_FAILURE, s.run("deploy", "--env", "wide", "--artifact", "functions/target/user-api-functions.jar",
                "--output", "json"), s.stderr);
        JsonNode report = new ObjectMapper().readTree(s.stdout);
        assertEquals("FAILED", report.get("result").asText());
        assertEquals(12, report.get("targets").size());
        int succeeded = 0;
        for (JsonNode t : report.get("targets")) {
            if (t.get("label").asText().equals(failing.label())) {
                assertEquals("FAILED", t.get("result").asText());
                assertTrue(t.get("reason").asText().contains("Too Many Requests"), t.toString());
            } else {
                assertEquals("SUCCEEDED", t.get("result").asText(), t.toString());
                succeeded++;
            }
        }
        assertEquals(11, succeeded);
        assertEquals("ROLLBACK_COMPLETE", s.aws.cloudFormation(failing).status("user-api-wide"));
        assertTrue(s.stderr.contains("[" + failing.label() + "] "), "each line says which target it is about");
    }

    @Test
    void theClosingLineCountsHowEachTargetEnded() throws Exception {
        Scenario s = new Scenario(dir);
        var failing = s.target("wide", 3);
        s.aws.cloudFormation(failing).failResource("Api", "Resource handler returned message: \"Too Many Requests\"");
        assertEquals(ExitCodes.AWS_FAILURE, s.run("deploy", "--env", "wide", "--artifact", "functions/target/user-api-functions.jar"), s.stderr);
        String summary = s.stdout.lines().filter(l -> l.startsWith("deploy wide: FAILED")).findFirst().orElse(s.output());
        assertTrue(summary.contains("(12 targets: ") && summary.contains("11 SUCCEEDED") && summary.contains("1 FAILED"), summary);
    }

    @Test
    void statusShowsEachTargetsStackLastDeployAndOutputs() {
        Scenario s = new Scenario(dir);
        assertEquals(0, s.run("deploy", "--env", "dev"), s.output());
        assertEquals(0, s.run("status", "--env", "dev"), s.output());
        assertTrue(s.stdout.contains("stack user-api-dev: CREATE_COMPLETE"), s.stdout);
        assertTrue(s.stdout.contains("last deploy: SUCCEEDED"), s.stdout);
        assertTrue(s.stdout.contains("ApiUrl = "), s.stdout);
        assertEquals(0, s.run("status", "--env", "staging"), s.output());
        assertTrue(s.stdout.contains("not deployed"), s.stdout);
    }

    @Test
    void jsonOutputAndTheStepSummaryDescribeTheResult() throws Exception {
        Scenario s = new Scenario(dir);
        Path summary = s.dir.resolve("summary.md");
        s.env.put("GITHUB_STEP_SUMMARY", summary.toString());
        assertEquals(0, s.run("deploy", "--env", "dev", "--output", "json"), s.stderr);
        JsonNode r = new ObjectMapper().readTree(s.stdout);
        assertEquals("SUCCEEDED", r.get("result").asText());
        assertEquals(0, r.get("exitCode").asInt());
        assertTrue(r.at("/targets/0/changes").size() > 10);
        assertNotEquals("", r.at("/targets/0/outputs/ApiUrl").asText());
        String md = Files.readString(summary);
        assertTrue(md.contains("### pipeline deploy dev: SUCCEEDED"), md);
        assertTrue(md.contains("| Add | `UsersTable` | AWS::DynamoDB::Table |"), md);
        assertTrue(md.contains("record: `user-api/records/dev/222222222222-eu-west-1/latest.json`"), md);
        assertFalse(s.stdout.contains("\u001b["), "no colour when not on a terminal");
    }
}
