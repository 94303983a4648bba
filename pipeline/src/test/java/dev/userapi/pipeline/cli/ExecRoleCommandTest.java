package dev.userapi.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** {@code pipeline policy exec-role}, and the commands that refuse a stale execution role before any AWS call. */
class ExecRoleCommandTest {
    private static final String QUEUE = "  JobsQueue:\n    Type: AWS::SQS::Queue\n";

    @TempDir
    Path dir;

    private String out;
    private String err;

    private int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        CommandLine cl = PipelineCli.commandLine();
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(e, true));
        int code = cl.execute(args);
        out = o.toString();
        err = e.toString();
        return code;
    }

    private List<String> files(Scenario s) {
        return List.of("--template", s.dir.resolve("cloudformation/app.yaml").toString(),
                "--bootstrap-template", s.dir.resolve("cloudformation/bootstrap/target-account.yaml").toString());
    }

    private int execRole(Scenario s, String... more) {
        List<String> args = new ArrayList<>(List.of("policy", "exec-role"));
        args.addAll(files(s));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void printsThePolicyAsJsonAndASummaryPerType() throws IOException {
        Scenario s = new Scenario(dir);
        assertEquals(0, execRole(s, "-o", "json", "--check"), err);
        JsonNode doc = new ObjectMapper().readTree(out);
        assertEquals("2012-10-17", doc.get("Version").asText());
        assertTrue(doc.get("Statement").size() > 5, out);
        assertEquals(0, execRole(s), err);
        assertTrue(out.startsWith("AWS::ApiGateway::Deployment  ("), out);
        assertTrue(out.contains("AWS::Lambda::Function  (") && out.contains("[PassAppRolesToLambdaOnly]"), out);
    }

    @Test
    void aQueueMakesCheckFailUntilWriteAndValidateAgrees() throws IOException {
        Scenario s = new Scenario(dir);
        s.editTemplate("\nResources:\n", "\nResources:\n" + QUEUE);
        Path app = s.dir.resolve("cloudformation/app.yaml");

        assertEquals(ExitCodes.FINDINGS, run("validate", app.toString()), out + err);
        assertTrue(out.contains("exec-role-coverage") && out.contains("AWS::SQS::Queue"), out);

        assertEquals(ExitCodes.FINDINGS, execRole(s, "--check"), err);
        assertTrue(err.contains("AppQueues") && err.contains("run pipeline policy exec-role --write"), err);

        assertEquals(0, execRole(s, "--write"), err);
        assertTrue(s.read("cloudformation/bootstrap/target-account.yaml").contains("- Sid: AppQueues"));
        assertEquals(0, execRole(s, "--check"), err);
        assertEquals(0, run("validate", app.toString()), out + err);
    }

    @Test
    void anUnmanageableTypeExitsOneNamingIt() {
        Scenario s = new Scenario(dir);
        s.editTemplate("\nResources:\n", "\nResources:\n  Nightly:\n    Type: AWS::Events::Rule\n    Properties:\n      ScheduleExpression: rate(1 day)\n");
        assertEquals(ExitCodes.FINDINGS, execRole(s));
        assertTrue(err.contains("AWS::Events::Rule cannot be managed by the execution role"), err);
    }

    @Test
    void bootstrapRefusesAStaleExecutionRoleBeforeCallingAws() {
        Scenario s = new Scenario(dir);
        s.aws.profile("dev-admin", StaticCredentialsProvider.create(s.aws.sts().addUser("arn:aws:iam::222222222222:user/admin")));
        s.editTemplate("\nResources:\n", "\nResources:\n" + QUEUE);
        assertEquals(ExitCodes.BAD_INPUT, s.run("bootstrap", "--env", "dev", "--profile", "dev-admin"), s.output());
        assertTrue(s.output().contains("CfnExecRole's policy is not the one derived from the app template"), s.output());
        assertTrue(s.output().contains("run pipeline policy exec-role --write"), s.output());
        assertEquals(0, s.aws.cloudFormationCalls());

        assertEquals(0, execRole(s, "--write"), err);
        assertEquals(0, s.run("bootstrap", "--env", "dev", "--profile", "dev-admin"), s.output());
    }

    @Test
    void planRefusesATypeTheCheckedInRoleCannotManageBeforeCallingAws() {
        Scenario s = new Scenario(dir);
        s.editTemplate("\nResources:\n", "\nResources:\n" + QUEUE);
        int code = s.run("plan", "--env", "dev");
        assertEquals(ExitCodes.BAD_INPUT, code, s.output());
        assertTrue(s.output().contains("exec-role-coverage") && s.output().contains("JobsQueue (AWS::SQS::Queue) needs"), s.output());
        assertEquals(0, s.aws.cloudFormationCalls());
    }
}
