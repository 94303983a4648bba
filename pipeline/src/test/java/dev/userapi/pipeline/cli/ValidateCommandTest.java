package dev.userapi.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userapi.pipeline.policy.Rule;
import dev.userapi.pipeline.policy.Rules;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ValidateCommandTest {
    private static final String CLEAN = """
            Resources:
              Queue:
                Type: AWS::SQS::Queue
            """;
    /** Two findings: an undefined Ref (line 6) and a log group without retention (line 2, a warning). */
    private static final String BROKEN = """
            Resources:
              Logs:
                Type: AWS::Logs::LogGroup
                Properties:
                  Tags:
                    - {Key: owner, Value: !Ref Owner}
            """;

    @TempDir
    Path project;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void aProjectWithTemplates() throws IOException {
        Files.createDirectories(project.resolve(".git"));
        Files.createDirectories(project.resolve("cloudformation/bootstrap"));
        Files.createDirectories(project.resolve("cloudformation/.scratch"));
        Files.createDirectories(project.resolve("pipeline"));
        Files.writeString(project.resolve("cloudformation/app.yaml"), CLEAN);
        Files.writeString(project.resolve("cloudformation/bootstrap/account.json"),
                "{\"Resources\": {\"Topic\": {\"Type\": \"AWS::SNS::Topic\"}}}");
        Files.writeString(project.resolve("cloudformation/README.md"), "not a template");
        Files.writeString(project.resolve("cloudformation/.scratch/draft.yaml"), "Resources: [not, valid");
    }

    private int run(Path cwd, String... args) {
        CommandLine cl = new CommandLine(new ValidateCommand(cwd));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void byDefaultItChecksTheProjectsTemplatesFromAnySubdirectoryAndExitsZeroWhenClean() {
        assertEquals(ExitCodes.OK, run(project.resolve("pipeline")));
        assertEquals("", out.toString());
        assertEquals("2 templates checked, no findings", err.toString().strip(), "hidden directories and other files are skipped");
    }

    @Test
    void findingsArePrintedAsFileLineRuleMessageAndExitOne() throws IOException {
        Files.writeString(project.resolve("cloudformation/bad.yaml"), BROKEN);
        assertEquals(ExitCodes.FINDINGS, run(project));
        List<String> lines = out.toString().lines().toList();
        assertEquals(2, lines.size(), out.toString());
        assertTrue(lines.get(0).startsWith("cloudformation/bad.yaml:4: log-retention Logs has no RetentionInDays"), lines.get(0));
        assertTrue(lines.get(1).startsWith("cloudformation/bad.yaml:6: undefined-reference Ref Owner: no parameter or resource"), lines.get(1));
        assertTrue(err.toString().contains("3 templates checked, 2 findings"), err.toString());
    }

    @Test
    void explicitPathsAreResolvedAgainstTheWorkingDirectoryAndNamedAsGiven() throws IOException {
        Files.writeString(project.resolve("pipeline/bad.yaml"), BROKEN);
        assertEquals(ExitCodes.FINDINGS, run(project.resolve("pipeline"), "bad.yaml"));
        assertTrue(out.toString().startsWith("bad.yaml:4: log-retention"), out.toString());
    }

    @Test
    void aMissingPathIsBadInputAndNothingIsChecked() {
        assertEquals(ExitCodes.BAD_INPUT, run(project, "cloudformation/app.yaml", "cloudformation/nope.yaml"));
        assertEquals("", out.toString());
        assertTrue(err.toString().contains("nope.yaml: no such file or directory"), err.toString());
    }

    @Test
    void aDirectoryWithoutTemplatesIsBadInput() throws IOException {
        Files.createDirectories(project.resolve("empty"));
        assertEquals(ExitCodes.BAD_INPUT, run(project, "empty"));
        assertTrue(err.toString().contains("no templates"), err.toString());
    }

    @Test
    void anUnparsableTemplateIsAFindingNotACrash() throws IOException {
        Files.writeString(project.resolve("cloudformation/broken.yaml"), "Resources:\n  A:\n    Type: [unclosed\n");
        assertEquals(ExitCodes.FINDINGS, run(project));
        assertTrue(out.toString().startsWith("cloudformation/broken.yaml:"), out.toString());
        assertTrue(out.toString().contains(" template-syntax syntax error"), out.toString());
    }

    @Test
    void jsonOutputListsTemplatesAndFindings() throws IOException {
        Files.writeString(project.resolve("cloudformation/bad.yaml"), BROKEN);
        assertEquals(ExitCodes.FINDINGS, run(project, "--output", "json"));
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertEquals(3, json.get("templates").size());
        JsonNode first = json.get("findings").get(0);
        assertEquals("cloudformation/bad.yaml", first.get("file").asText());
        assertEquals(4, first.get("line").asInt());
        assertEquals("log-retention", first.get("rule").asText());
        assertEquals("warning", first.get("level").asText());
        assertEquals("", err.toString(), "machine formats keep stderr for errors");
    }

    @Test
    void sarifOutputIsValidForGitHubCodeScanning() throws IOException {
        Files.writeString(project.resolve("cloudformation/bad.yaml"), BROKEN);
        Files.writeString(project.resolve("cloudformation/broken.yaml"), "Resources:\n  A:\n  A:\n");
        assertEquals(ExitCodes.FINDINGS, run(project.resolve("pipeline"), "--output", "SARIF"));
        JsonNode sarif = new ObjectMapper().readTree(out.toString());
        assertEquals("2.1.0", sarif.get("version").asText());
        assertEquals("https://json.schemastore.org/sarif-2.1.0.json", sarif.get("$schema").asText());
        JsonNode run = sarif.get("runs").get(0);
        JsonNode rules = run.get("tool").get("driver").get("rules");
        List<String> ids = new ArrayList<>();
        for (JsonNode rule : rules) {
            ids.add(rule.get("id").asText());
            for (String field : List.of("shortDescription", "fullDescription", "help")) {
                assertTrue(rule.get(field).get("text").asText().length() > 10, rule.get("id") + " " + field);
            }
            assertTrue(rule.get("help").get("text").asText().contains("How to fix:"), rule.get("id").asText());
            assertTrue(List.of("error", "warning").contains(rule.get("defaultConfiguration").get("level").asText()));
        }
        assertEquals(Rules.all().stream().map(Rule::id).toList(), ids);

        JsonNode results = run.get("results");
        assertEquals(3, results.size(), out.toString());
        for (JsonNode result : results) {
            String ruleId = result.get("ruleId").asText();
            assertEquals(ruleId, rules.get(result.get("ruleIndex").asInt()).get("id").asText(), "ruleIndex points at the rule");
            assertTrue(result.get("message").get("text").asText().length() > 10);
            JsonNode location = result.get("locations").get(0).get("physicalLocation");
            String uri = location.get("artifactLocation").get("uri").asText();
            assertTrue(uri.startsWith("cloudformation/"), "relative to the repository root: " + uri);
            assertTrue(location.get("region").get("startLine").asInt() >= 1);
        }
        JsonNode first = results.get(0);
        assertEquals("cloudformation/bad.yaml", first.get("locations").get(0).get("physicalLocation").get("artifactLocation").get("uri").asText());
        assertEquals(4, first.get("locations").get(0).get("physicalLocation").get("region").get("startLine").asInt());
        assertEquals("warning", first.get("level").asText());
        assertEquals("template-syntax", results.get(2).get("ruleId").asText());
        assertEquals(3, results.get(2).get("locations").get(0).get("physicalLocation").get("region").get("startLine").asInt(),
                "the duplicate key's line");
    }

    @Test
    void listRulesPrintsEveryRuleWithWhyAndFix() {
        assertEquals(ExitCodes.OK, run(project, "--list-rules"));
        for (Rule r : Rules.all()) {
            assertTrue(out.toString().contains("## " + r.id()), r.id());
        }
        assertTrue(out.toString().contains("*Why it matters.*") && out.toString().contains("*How to fix.*"));
    }

    @Test
    void theRootCommandRunsValidateAndRejectsAnUnknownFormat() {
        CommandLine cl = PipelineCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        assertEquals(ExitCodes.BAD_INPUT, cl.execute("validate", "--output", "xml"));
        assertTrue(err.toString().contains("unknown output format 'xml'; use text, json or sarif"), err.toString());
    }
}
