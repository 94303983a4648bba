package dev.userapi.pipeline.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code .github/workflows/pr.yml}: read-only token, no AWS, pinned actions, and the checks the issue asks for. */
class PullRequestWorkflowTest {
    static final Path PR = Path.of("..", ".github", "workflows", "pr.yml");
    private static String text;

    @BeforeAll
    static void read() throws IOException {
        assertTrue(Files.isRegularFile(PR), "expected the pull request workflow at " + PR.toAbsolutePath());
        text = Files.readString(PR);
    }

    private static Workflow broken(Consumer<Workflow> change) {
        Workflow w = Workflow.parse("pr.yml", text);
        change.accept(w);
        return w;
    }

    private static void assertCaught(List<String> violations, String expected) {
        assertTrue(violations.stream().anyMatch(s -> s.contains(expected)),
                "expected a violation containing '" + expected + "', got " + violations);
    }

    private static Workflow.Job job(Workflow w, String id) {
        return w.job(id).orElseThrow(() -> new AssertionError("pr.yml has no job " + id));
    }

    @Test
    void realWorkflowIsReadOnlyPinnedAndRunsEveryCheck() {
        Workflow w = Workflow.parse("pr.yml", text);
        assertEquals(List.of(), WorkflowRules.pullRequestChecks(w));
        assertEquals(List.of(), WorkflowRules.actionsPinned(w));
    }

    @Test
    void catchesWritePermissionsWhereTheyDoNotBelong() {
        assertCaught(WorkflowRules.pullRequestChecks(broken(w -> job(w, "test").body()
                        .put("permissions", Map.of("contents", "read", "security-events", "write")))),
                "job test has security-events: write");
        assertCaught(WorkflowRules.pullRequestChecks(broken(w -> job(w, "code-scanning").body()
                        .put("permissions", Map.of("contents", "read")))),
                "job code-scanning uploads SARIF without security-events: write");
        assertCaught(WorkflowRules.pullRequestChecks(broken(w -> job(w, "cfn-lint").body()
                        .put("permissions", Map.of("contents", "write")))),
                "job cfn-lint has contents: write");
        assertCaught(WorkflowRules.pullRequestChecks(broken(w -> w.root().put("permissions", "write-all"))),
                "grant every scope");
    }

    @Test
    void catchesAnythingThatCouldReachAws() {
        assertCaught(WorkflowRules.pullRequestChecks(broken(w -> job(w, "actionlint").body()
                        .put("permissions", Map.of("contents", "read", "id-token", "write")))),
                "job actionlint can reach AWS");
    }

    @Test
    void catchesTheSarifJobRunningPullRequestCode() {
        assertCaught(WorkflowRules.pullRequestChecks(broken(w -> job(w, "code-scanning").rawSteps()
                        .add(0, new java.util.LinkedHashMap<>(Map.of("run", "java -jar pipeline/target/pipeline.jar validate --output sarif > validate.sarif"))))),
                "holds security-events: write and runs the pull request's code");
    }

    @Test
    void catchesPullRequestTargetAndMissingChecks() {
        assertCaught(WorkflowRules.pullRequestChecks(broken(w -> w.root().put("on", Map.of("pull_request_target", Map.of())))),
                "must not use pull_request_target");
        assertCaught(WorkflowRules.pullRequestChecks(Workflow.parse("pr.yml",
                        text.replace("\"cfn-lint==${CFN_LINT_VERSION}\"", "cfn-lint"))),
                "install a pinned cfn-lint");
        assertCaught(WorkflowRules.pullRequestChecks(Workflow.parse("pr.yml",
                        text.replace("| sha256sum --check --strict -", ""))),
                "install actionlint from a release whose SHA-256 is checked");
        assertCaught(WorkflowRules.pullRequestChecks(Workflow.parse("pr.yml",
                        text.replace("pipeline.jar validate --output sarif", "pipeline.jar validate"))),
                "run pipeline validate --output sarif");
    }

    @Test
    void catchesAnUnpinnedAction() {
        assertCaught(WorkflowRules.actionsPinned(Workflow.parse("pr.yml", text.replace(
                        "github/codeql-action/upload-sarif@cdf488f595d80d6e07e03d4674febd5ab45fa938", "github/codeql-action/upload-sarif@v4"))),
                "github/codeql-action/upload-sarif@v4 must be pinned");
    }
}
