package dev.userapi.pipeline.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userapi.pipeline.workflow.Workflow.Job;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads {@code .github/workflows/deploy.yml} and checks what the promotion depends on: the order of
 * environments, who may get an OIDC token, pinned actions, one artifact through every environment,
 * per-environment concurrency, and prod executing the reviewed plan. Every rule is also run on a copy
 * of the real file broken in one place, to show the rule catches exactly that.
 */
class DeployWorkflowTest {
    static final Path DEPLOY = Path.of("..", ".github", "workflows", "deploy.yml");
    private static String text;

    @BeforeAll
    static void read() throws IOException {
        // Maven runs tests from the module directory; the workflows live at the repository root.
        assertTrue(Files.isRegularFile(DEPLOY), "expected the deploy workflow at " + DEPLOY.toAbsolutePath());
        text = Files.readString(DEPLOY);
    }

    private static Workflow real() {
        return Workflow.parse("deploy.yml", text);
    }

    /** The real workflow with one change made to the parsed maps. */
    private static Workflow broken(Consumer<Workflow> change) {
        Workflow w = real();
        change.accept(w);
        return w;
    }

    private static void assertClean(List<String> violations) {
        assertEquals(List.of(), violations);
    }

    private static void assertCaught(List<String> violations, String expected) {
        assertTrue(violations.stream().anyMatch(s -> s.contains(expected)),
                "expected a violation containing '" + expected + "', got " + violations);
    }

    private static Job job(Workflow w, String id) {
        return w.job(id).orElseThrow(() -> new AssertionError("deploy.yml has no job " + id));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> step(Workflow w, String jobId, Function<Workflow.Step, Boolean> which) {
        return job(w, jobId).steps().stream().filter(which::apply).findFirst()
                .map(s -> (Map<String, Object>) s.body())
                .orElseThrow(() -> new AssertionError("no such step in " + jobId));
    }

    private static Map<String, Object> deployStep(Workflow w, String jobId) {
        return step(w, jobId, s -> !Invocation.find(s).isEmpty());
    }

    // ---------------------------------------------------------------- the real workflow

    @Test
    void runsOnPushToMainAndByHand() {
        assertClean(WorkflowRules.deployTriggers(real()));
    }

    @Test
    void environmentsRunDevThenStagingThenProd() {
        Workflow w = real();
        assertClean(WorkflowRules.promotionOrder(w));
        Map<String, Job> jobs = WorkflowRules.deployJobs(w, new java.util.ArrayList<>());
        assertEquals(List.of("dev", "staging", "prod"), List.copyOf(jobs.keySet()));
    }

    @Test
    void onlyJobsThatAssumeAwsRolesGetAnOidcToken() {
        assertClean(WorkflowRules.idTokenOnlyWhereRolesAreAssumed(real()));
    }

    @Test
    void everyActionIsPinnedToACommit() {
        assertClean(WorkflowRules.actionsPinned(real()));
    }

    @Test
    void oneArtifactFlowsThroughEveryEnvironment() {
        assertClean(WorkflowRules.oneArtifact(real()));
    }

    @Test
    void eachEnvironmentHasItsOwnNeverCancelledConcurrencyGroup() {
        assertClean(WorkflowRules.concurrencyPerEnvironment(real()));
    }

    @Test
    void prodExecutesTheSavedPlan() {
        assertClean(WorkflowRules.prodExecutesSavedPlan(real()));
    }

    // ---------------------------------------------------------------- each rule catches its breakage

    @Test
    void triggersRuleCatchesAMissingManualRunAndPullRequests() {
        assertCaught(WorkflowRules.deployTriggers(broken(w -> ((Map<?, ?>) w.root().get("on")).remove("workflow_dispatch"))),
                "workflow_dispatch");
        assertCaught(WorkflowRules.deployTriggers(broken(w -> w.root().put("on", Map.of("pull_request", Map.of())))),
                "must never deploy");
    }

    @Test
    void orderRuleCatchesStagingThatDoesNotWaitForDev() {
        assertCaught(WorkflowRules.promotionOrder(broken(w -> job(w, "deploy-staging").body().put("needs", List.of("build")))),
                "job deploy-staging (staging) must run after job deploy-dev (dev)");
    }

    @Test
    void orderRuleCatchesProdPlannedBeforeStaging() {
        assertCaught(WorkflowRules.promotionOrder(broken(w -> job(w, "plan-prod").body().put("needs", List.of("build", "deploy-dev")))),
                "does not need job deploy-staging");
    }

    @Test
    void orderRuleCatchesDevWaitingForProd() {
        assertCaught(WorkflowRules.promotionOrder(broken(w -> job(w, "deploy-dev").body().put("needs", List.of("build", "deploy-prod")))),
                "job deploy-dev (dev) must not wait for job deploy-prod (prod)");
    }

    @Test
    void orderRuleCatchesAMissingOrDoubledEnvironment() {
        assertCaught(WorkflowRules.promotionOrder(broken(w -> job(w, "deploy-staging").body().put("environment", "dev"))),
                "exactly one job must have environment: dev");
        assertCaught(WorkflowRules.promotionOrder(broken(w -> job(w, "deploy-staging").body().remove("environment"))),
                "exactly one job must have environment: staging");
    }

    @Test
    void orderRuleCatchesAJobDeployingAnotherEnvironmentThanItsOwn() {
        assertCaught(WorkflowRules.promotionOrder(broken(w -> deployStep(w, "deploy-dev").put("run",
                "java -jar dist/cli/pipeline.jar deploy --env staging --artifact dist/user-api-functions.jar --yes"))),
                "is bound to environment dev");
    }

    @Test
    void idTokenRuleCatchesTheBuildJobGettingAToken() {
        assertCaught(WorkflowRules.idTokenOnlyWhereRolesAreAssumed(broken(w ->
                        job(w, "build").body().put("permissions", Map.of("contents", "read", "id-token", "write")))),
                "job build assumes no AWS role but can get an OIDC token");
    }

    @Test
    void idTokenRuleCatchesADeployJobWithoutOrWithMoreThanItNeeds() {
        assertCaught(WorkflowRules.idTokenOnlyWhereRolesAreAssumed(broken(w ->
                        job(w, "deploy-dev").body().put("permissions", Map.of("contents", "read")))),
                "job deploy-dev assumes an AWS role");
        assertCaught(WorkflowRules.idTokenOnlyWhereRolesAreAssumed(broken(w ->
                        job(w, "deploy-prod").body().put("permissions", Map.of("contents", "write", "id-token", "write")))),
                "job deploy-prod assumes an AWS role");
    }

    @Test
    void idTokenRuleCatchesBroadTopLevelPermissions() {
        assertCaught(WorkflowRules.idTokenOnlyWhereRolesAreAssumed(broken(w -> w.root().put("permissions", "write-all"))),
                "grant every scope");
        assertCaught(WorkflowRules.idTokenOnlyWhereRolesAreAssumed(broken(w -> w.root().put("permissions", Map.of("id-token", "write")))),
                "top-level permissions grant id-token: write");
        assertCaught(WorkflowRules.idTokenOnlyWhereRolesAreAssumed(broken(w -> w.root().remove("permissions"))),
                "no top-level permissions");
    }

    @Test
    void idTokenRuleCatchesAHardCodedRoleOrStoredKeys() {
        assertCaught(WorkflowRules.idTokenOnlyWhereRolesAreAssumed(broken(w -> Workflow.asMap(
                        step(w, "deploy-staging", s -> s.uses().startsWith("aws-actions/")).get("with"))
                        .put("role-to-assume", "arn:aws:iam::111111111111:role/user-api-ci"))),
                "role-to-assume must be ${{ vars.AWS_CI_ROLE_ARN }}");
        assertCaught(WorkflowRules.idTokenOnlyWhereRolesAreAssumed(broken(w -> Workflow.asMap(
                        step(w, "deploy-staging", s -> s.uses().startsWith("aws-actions/")).get("with"))
                        .put("role-session-name", "github"))),
                "role-session-name must name the run");
        Workflow keys = Workflow.parse("deploy.yml", text.replace(
                "role-to-assume: ${{ vars.AWS_CI_ROLE_ARN }}\n          aws-region: ${{ vars.AWS_REGION }}\n          role-session-name: gh-${{ github.run_id }}-${{ github.run_attempt }}-dev",
                "aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}\n          role-to-assume: ${{ vars.AWS_CI_ROLE_ARN }}\n          aws-region: ${{ vars.AWS_REGION }}\n          role-session-name: gh-${{ github.run_id }}-dev"));
        assertCaught(WorkflowRules.idTokenOnlyWhereRolesAreAssumed(keys), "aws-access-key-id is a long-lived key");
        assertCaught(WorkflowRules.idTokenOnlyWhereRolesAreAssumed(keys), "reads an AWS secret");
    }

    @Test
    void pinRuleCatchesATagABranchAndAMissingVersionComment() {
        String sha = "3d3c42e5aac5ba805825da76410c181273ba90b1";
        assertTrue(text.contains("actions/checkout@" + sha + " # v7.0.1"), "the test edits this pin");
        assertCaught(WorkflowRules.actionsPinned(Workflow.parse("deploy.yml", text.replace("actions/checkout@" + sha, "actions/checkout@v7"))),
                "actions/checkout@v7 must be pinned to a full 40-character commit SHA");
        assertCaught(WorkflowRules.actionsPinned(Workflow.parse("deploy.yml", text.replace("@" + sha, "@" + sha.substring(0, 12)))),
                "must be pinned to a full 40-character commit SHA");
        assertCaught(WorkflowRules.actionsPinned(Workflow.parse("deploy.yml", text.replace("@" + sha + " # v7.0.1", "@" + sha))),
                "needs its release in a comment");
        assertCaught(WorkflowRules.actionsPinned(broken(w -> job(w, "build").rawSteps().add(new LinkedHashMap<>(Map.of("uses", "docker://alpine:3"))))),
                "docker://alpine:3 must name its image by @sha256: digest");
    }

    @Test
    void artifactRuleCatchesARebuildInADeployJob() {
        assertCaught(WorkflowRules.oneArtifact(broken(w -> job(w, "deploy-staging").rawSteps().add(2,
                        new LinkedHashMap<>(Map.of("run", "./mvnw -B -q package -DskipTests"))))),
                "exactly one job may run Maven");
    }

    @Test
    void artifactRuleCatchesADownloadOfAnotherArtifact() {
        assertCaught(WorkflowRules.oneArtifact(broken(w -> Workflow.asMap(
                        step(w, "deploy-staging", s -> s.uses().startsWith("actions/download-artifact")).get("with"))
                        .put("name", "something-else"))),
                "job deploy-staging must download artifact 'user-api-build'");
    }

    @Test
    void artifactRuleCatchesAnUncheckedOrLateCheckedArtifact() {
        assertCaught(WorkflowRules.oneArtifact(broken(w -> job(w, "deploy-prod").rawSteps()
                        .remove(step(w, "deploy-prod", s -> s.run().contains("sha256sum"))))),
                "job deploy-prod must check the downloaded build with sha256sum --check");
        assertCaught(WorkflowRules.oneArtifact(broken(w -> {
            List<Object> steps = job(w, "deploy-dev").rawSteps();
            Object verify = step(w, "deploy-dev", s -> s.run().contains("sha256sum"));
            steps.remove(verify);
            steps.add(verify);
        })), "runs before the artifact's SHA-256 is checked");
        // A check against a hash the job computed itself proves nothing about what the build made.
        assertCaught(WorkflowRules.oneArtifact(broken(w -> step(w, "deploy-dev", s -> s.run().contains("sha256sum")).put("env", Map.of("ARTIFACT_SHA256", "computed-here")))),
                "against needs.build.outputs.artifact-sha256");
    }

    @Test
    void artifactRuleCatchesADeployWithoutTheDownloadedArtifact() {
        assertCaught(WorkflowRules.oneArtifact(broken(w -> deployStep(w, "deploy-dev").put("run",
                "java -jar dist/cli/pipeline.jar deploy --env dev --yes --output json | tee deploy-dev.json"))),
                "must pass --artifact");
        assertCaught(WorkflowRules.oneArtifact(broken(w -> deployStep(w, "plan-prod").put("run",
                "java -jar dist/cli/pipeline.jar plan --env prod --save plan.json --artifact functions/target/user-api-functions.jar"))),
                "is not the downloaded dist/user-api-functions.jar");
    }

    @Test
    void artifactRuleCatchesABuildThatDoesNotHashOrPublishTheHash() {
        assertCaught(WorkflowRules.oneArtifact(broken(w -> step(w, "build", s -> s.run().contains("sha256sum")).put("run", "cp functions/target/*.jar dist/"))),
                "must record the SHA-256");
        assertCaught(WorkflowRules.oneArtifact(broken(w -> job(w, "build").body().remove("outputs"))),
                "must publish the artifact's SHA-256 as a job output");
    }

    @Test
    void artifactRuleCatchesACheckThatLeavesTheCliUnchecked() {
        assertCaught(WorkflowRules.oneArtifact(broken(w -> Workflow.asMap(
                        step(w, "deploy-staging", s -> s.run().contains("sha256sum")).get("env")).remove("CLI_SHA256"))),
                "job deploy-staging must check the downloaded build with sha256sum --check against"
                        + " needs.build.outputs.artifact-sha256 and needs.build.outputs.cli-sha256");
    }

    @Test
    void artifactRuleCatchesACliThatIsNotTheDownloadedOne() {
        // bin/pipeline builds from the checkout; pipeline/target does not exist in a job that downloads.
        assertCaught(WorkflowRules.oneArtifact(broken(w -> deployStep(w, "deploy-dev").put("run",
                "bin/pipeline deploy --env dev --artifact dist/user-api-functions.jar --yes"))),
                "'bin/pipeline deploy --env dev --artifact dist/user-api-functions.jar --yes' must run the downloaded CLI");
        assertCaught(WorkflowRules.oneArtifact(broken(w -> deployStep(w, "deploy-prod").put("run",
                "java -jar pipeline/target/pipeline.jar deploy --plan plan.json --yes"))),
                "must run the downloaded CLI (java -jar dist/.../pipeline.jar)");
    }

    @Test
    void artifactRuleCatchesACliShippedWithoutItsClassPath() {
        assertCaught(WorkflowRules.oneArtifact(broken(w -> step(w, "build", s -> "bundle".equals(s.body().get("id"))).put("run",
                "mkdir -p dist/cli\n"
                        + "cp functions/target/user-api-functions.jar dist/\n"
                        + "cp pipeline/target/pipeline.jar dist/cli/\n"
                        + "sha256sum dist/user-api-functions.jar"))),
                "ships pipeline/target/pipeline.jar without pipeline/target/lib");
    }

    @Test
    void concurrencyRuleCatchesCancellingAndSharedOrPerRunGroups() {
        assertCaught(WorkflowRules.concurrencyPerEnvironment(broken(w -> job(w, "deploy-staging").body()
                        .put("concurrency", Map.of("group", "deploy-staging", "cancel-in-progress", true)))),
                "cancel-in-progress must be false");
        assertCaught(WorkflowRules.concurrencyPerEnvironment(broken(w -> job(w, "deploy-staging").body()
                        .put("concurrency", Map.of("group", "deploy-stg", "cancel-in-progress", false)))),
                "must name its environment staging");
        assertCaught(WorkflowRules.concurrencyPerEnvironment(broken(w -> job(w, "deploy-prod").body()
                        .put("concurrency", Map.of("group", "deploy-prod-${{ github.run_id }}", "cancel-in-progress", false)))),
                "varies with github.run_id");
        assertCaught(WorkflowRules.concurrencyPerEnvironment(broken(w -> job(w, "deploy-dev").body().remove("concurrency"))),
                "job deploy-dev has no concurrency group");
        assertCaught(WorkflowRules.concurrencyPerEnvironment(broken(w -> w.root().put("concurrency",
                        Map.of("group", "deploy", "cancel-in-progress", true)))),
                "top-level cancel-in-progress");
    }

    @Test
    void concurrencyRuleCatchesAProdPlanOutsideProdsGroup() {
        assertCaught(WorkflowRules.concurrencyPerEnvironment(broken(w -> job(w, "plan-prod").body()
                        .put("concurrency", Map.of("group", "plan-prod", "cancel-in-progress", false)))),
                "job plan-prod runs 'dist/cli/pipeline.jar plan --env prod");
    }

    @Test
    void planRuleCatchesProdDeployingAFreshChangeSet() {
        assertCaught(WorkflowRules.prodExecutesSavedPlan(broken(w -> deployStep(w, "deploy-prod").put("run",
                "java -jar dist/cli/pipeline.jar deploy --env prod --artifact dist/user-api-functions.jar --yes"))),
                "prod must execute a saved plan");
        assertCaught(WorkflowRules.prodExecutesSavedPlan(broken(w -> deployStep(w, "deploy-prod").put("run",
                "java -jar dist/cli/pipeline.jar deploy --plan plan.json --env prod --yes"))),
                "with --env it would make new change sets");
    }

    @Test
    void planRuleCatchesAPlanThatIsNotHandedOverOrNotTheOneExecuted() {
        assertCaught(WorkflowRules.prodExecutesSavedPlan(broken(w -> job(w, "deploy-prod").rawSteps().remove(
                        step(w, "deploy-prod", s -> "prod-plan".equals(s.withValue("name")))))),
                "must download artifact 'prod-plan'");
        assertCaught(WorkflowRules.prodExecutesSavedPlan(broken(w -> job(w, "plan-prod").rawSteps().remove(
                        step(w, "plan-prod", s -> s.uses().startsWith("actions/upload-artifact"))))),
                "must upload plan.json");
        assertCaught(WorkflowRules.prodExecutesSavedPlan(broken(w -> deployStep(w, "deploy-prod").put("run",
                "java -jar dist/cli/pipeline.jar deploy --plan other-plan.json --yes"))),
                "executes other-plan.json but the downloaded plan is plan.json");
    }

    @Test
    void planRuleCatchesAPlanJobThatDeploysOrWaitsForApproval() {
        assertCaught(WorkflowRules.prodExecutesSavedPlan(broken(w -> deployStep(w, "plan-prod").put("run",
                "java -jar dist/cli/pipeline.jar plan --env prod --save plan.json --artifact dist/user-api-functions.jar\n"
                        + "java -jar dist/cli/pipeline.jar deploy --plan plan.json --yes"))),
                "plans prod and must not deploy anything");
        assertCaught(WorkflowRules.prodExecutesSavedPlan(broken(w -> job(w, "plan-prod").body().put("environment", "prod"))),
                "exactly one job must have environment: prod; found [plan-prod, deploy-prod]");
        assertCaught(WorkflowRules.prodExecutesSavedPlan(broken(w -> job(w, "deploy-prod").body().put("needs", List.of("build", "deploy-staging")))),
                "must run after job plan-prod");
    }
}
