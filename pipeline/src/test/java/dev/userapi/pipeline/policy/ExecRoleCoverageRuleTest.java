package dev.userapi.pipeline.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userapi.pipeline.template.Template;
import dev.userapi.pipeline.template.TemplateParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate (and so plan and deploy) fail on an app template holding a type the checked-in execution role cannot manage. */
class ExecRoleCoverageRuleTest {
    private static final String QUEUE = "  JobsQueue:\n    Type: AWS::SQS::Queue\n";

    @TempDir
    Path dir;

    private Path project(String appText) throws IOException {
        Files.createDirectories(dir.resolve("cloudformation/bootstrap"));
        Files.copy(ProjectFiles.targetAccount(), dir.resolve("cloudformation/bootstrap/target-account.yaml"));
        Path app = dir.resolve("cloudformation/app.yaml");
        Files.writeString(app, appText);
        return app;
    }

    private static String appWith(String resource) throws IOException {
        return Files.readString(ProjectFiles.app()).replace("\nResources:\n", "\nResources:\n" + resource);
    }

    private static List<Finding> check(Path file) {
        Template t = TemplateParser.parse(file);
        List<Finding> out = new ArrayList<>();
        Rule rule = new ExecRoleCoverageRule();
        rule.check(t, new Report(t, rule, out));
        return out;
    }

    @Test
    void theProjectsAppTemplateIsCovered() throws IOException {
        assertEquals(List.of(), check(project(Files.readString(ProjectFiles.app()))));
    }

    @Test
    void aQueueTheRoleDoesNotGrantIsNamedAtItsLineWithTheActionsAndTheFix() throws IOException {
        Path app = project(appWith(QUEUE));
        List<Finding> findings = check(app);
        assertEquals(1, findings.size(), findings.toString());
        Finding f = findings.get(0);
        int typeLine = Files.readAllLines(app).indexOf("    Type: AWS::SQS::Queue") + 1;
        assertEquals(typeLine, f.line());
        assertEquals(app, f.file());
        for (String part : List.of("JobsQueue (AWS::SQS::Queue) needs", "sqs:CreateQueue", "sqs:DeleteQueue", "target-account.yaml",
                "pipeline policy exec-role --write", "pipeline bootstrap --env E")) {
            assertTrue(f.message().contains(part), part + " in " + f.message());
        }
    }

    @Test
    void aTypeWithoutPublishedPermissionsIsNamedWithHowToAddIt() throws IOException {
        List<Finding> findings = check(project(appWith("  Nightly:\n    Type: AWS::Events::Rule\n    Properties:\n      ScheduleExpression: rate(1 day)\n")));
        assertEquals(1, findings.size(), findings.toString());
        assertTrue(findings.get(0).message().contains("Nightly is an AWS::Events::Rule, which the execution role cannot manage"), findings.toString());
        assertTrue(findings.get(0).message().contains("scripts/refresh-resource-permissions.sh AWS::Events::Rule"), findings.toString());
    }

    @Test
    void templatesOutsideTheProjectsCloudformationDirectoryOrInBootstrapAreNotAppTemplates() throws IOException {
        project(Files.readString(ProjectFiles.app()));
        Path elsewhere = dir.resolve("t.yaml");
        Files.writeString(elsewhere, "Resources:\n" + QUEUE);
        assertEquals(List.of(), check(elsewhere));
        assertEquals(List.of(), check(dir.resolve("cloudformation/bootstrap/target-account.yaml")));
    }

    @Test
    void anUnreadableBootstrapTemplateIsAFindingNotACrash() throws IOException {
        Path app = project(Files.readString(ProjectFiles.app()));
        Files.writeString(dir.resolve("cloudformation/bootstrap/target-account.yaml"), "Resources:\n  Other:\n    Type: AWS::SQS::Queue\n");
        List<Finding> findings = check(app);
        assertEquals(1, findings.size(), findings.toString());
        assertTrue(findings.get(0).message().contains("no CfnExecRole resource"), findings.toString());
    }
}
