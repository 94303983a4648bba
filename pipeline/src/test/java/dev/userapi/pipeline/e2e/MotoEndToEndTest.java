package dev.userapi.pipeline.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userapi.pipeline.aws.AwsClients;
import dev.userapi.pipeline.aws.SdkAwsClients;
import dev.userapi.pipeline.changeset.PollSchedule;
import dev.userapi.pipeline.changeset.Sleeper;
import dev.userapi.pipeline.changeset.StackDeployer;
import dev.userapi.pipeline.cli.PipelineCli;
import dev.userapi.pipeline.cli.ServicesFactory;
import dev.userapi.pipeline.deploy.Services;
import dev.userapi.pipeline.deploy.TemplateChecks;
import dev.userapi.pipeline.deploy.Terminal;
import dev.userapi.pipeline.template.ApiDeployments;
import dev.userapi.pipeline.template.Intrinsics;
import dev.userapi.pipeline.template.Resource;
import dev.userapi.pipeline.template.Template;
import dev.userapi.pipeline.template.TemplateParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Assumptions;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The real {@code pipeline} command line and the real SDK clients ({@link SdkAwsClients}: HTTP, SigV4,
 * the Query and REST protocols, retries) against {@code moto_server}, an independent implementation of
 * the AWS APIs. What the pipeline sent is read back from moto's request recorder, so the audit fields
 * (SourceIdentity, RoleSessionName, change set name and description, RoleARN) and "a no-op redeploy
 * uploads and executes nothing" are asserted on the wire, not on our own fakes.
 *
 * <p>Where moto differs from AWS (README, "What differs on moto") the assertions stick to what holds
 * on both; nothing here relies on moto's shortcuts. Without moto_server on the PATH the class is
 * skipped, saying so.
 */
class MotoEndToEndTest {
    static final String ACCOUNT = "123456789012"; // moto's default account
    static final String SHA = "0123456789abcdef0123456789abcdef01234567";
    static final String REGION = "us-east-1";
    /** prod's own account: moto switches accounts on an AssumeRole into another account's role, as AWS does. */
    static final String PROD_ACCOUNT = "210987654321";

    static MotoServer moto;
    /** The tests' own clients, to look at moto's state directly. */
    static SdkAwsClients inspect;

    @TempDir
    Path dir;

    AwsCredentialsProvider prodAdmin;
    String stdout = "";
    String stderr = "";

    @BeforeAll
    static void startMoto(@TempDir Path tmp) throws Exception {
        Optional<Path> exe = MotoServer.executable();
        if (exe.isEmpty()) {
            String why = "moto_server is not on the PATH: skipping the end-to-end tests against an AWS-compatible endpoint"
                    + " (pip install 'moto[server]' to run them)";
            System.err.println("[MotoEndToEndTest] " + why);
            Assumptions.abort(why);
        }
        moto = MotoServer.start(exe.get(), tmp);
        inspect = new SdkAwsClients(Map.of());
    }

    @AfterAll
    static void stopMoto() {
        if (inspect != null) {
            inspect.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @BeforeEach
    void freshWorld() throws IOException {
        moto.resetState();
        moto.resetRecording();
        Files.writeString(dir.resolve("accounts.yaml"), """
                app: user-api
                tooling: { account: "%1$s", region: %2$s, ciRole: user-api-ci }
                environments:
                  dev:
                    account: "%1$s"
                    region: %2$s
                    parameters: { LogRetentionDays: 7 }
                    trustedPrincipals: ["arn:aws:iam::%1$s:user/alice"]
                  prod:
                    account: "%4$s"
                    region: %2$s
                    after: dev
                    protected: true
                    endpoint: %3$s
                """.formatted(ACCOUNT, REGION, moto.endpoint(), PROD_ACCOUNT));
        copyTree(repo().resolve("cloudformation"), dir.resolve("cloudformation"));
        referToFunctionsNotAliases(dir.resolve("cloudformation/app.yaml"));
        build(1);
    }

    // ------------------------------------------------------------------ the tests

    @Test
    void bootstrapThenCreateNoOpAndUpdateSendTheAuditFieldsAndANoOpUploadsAndExecutesNothing() {
        assertEquals(0, run("bootstrap", "--env", "dev"), output());
        assertEquals("CREATE_COMPLETE", stack("user-api-bootstrap").stackStatusAsString());
        assertTrue(s3().headBucket(b -> b.bucket(bucket())).sdkHttpResponse().isSuccessful(), "the artifact bucket exists");

        moto.resetRecording();
        assertEquals(0, run("deploy", "--env", "dev"), output());
        assertTrue(stdout.contains("deploy dev: SUCCEEDED"), output());
        assertEquals("CREATE_COMPLETE", stack("user-api-dev").stackStatusAsString());
        assertEquals("7", parameters("user-api-dev").get("LogRetentionDays"), "accounts.yaml's parameters reach the stack");
        List<MotoServer.Request> create = moto.recording();

        Map<String, String> assume = only(create, "AssumeRole");
        assertEquals("arn:aws:iam::" + ACCOUNT + ":role/user-api-deployer", assume.get("RoleArn"));
        assertEquals("alice", assume.get("SourceIdentity"), "SourceIdentity names who deploys");
        assertEquals("alice-0123456", assume.get("RoleSessionName"), "the session name carries who and the git sha");

        Map<String, String> cs = only(create, "CreateChangeSet");
        assertTrue(cs.get("ChangeSetName").matches("deploy-0123456-\\d{17}"), cs.get("ChangeSetName"));
        assertEquals("CREATE", cs.get("ChangeSetType"));
        assertTrue(cs.get("Description").contains("at git " + SHA + " by alice"), cs.get("Description"));
        assertEquals("arn:aws:iam::" + ACCOUNT + ":role/user-api-cfn-exec", cs.get("RoleARN"), "CloudFormation acts as the execution role");
        assertTrue(cs.containsValue("CAPABILITY_NAMED_IAM") || cs.containsValue("CAPABILITY_IAM"), cs.toString());
        Map<String, String> exec = only(create, "ExecuteChangeSet");
        assertTrue(exec.get("ClientRequestToken").startsWith("exec-0123456-"), exec.toString());
        assertEquals(1, artifactUploads(create).size(), "the artifact is uploaded once, under its hash");

        // The same build again: nothing to upload, nothing to execute, and no change set to learn that:
        // the stack already has this template (GetTemplate), its parameter values, tags and role.
        moto.resetRecording();
        assertEquals(0, run("deploy", "--env", "dev"), output());
        assertTrue(stdout.contains("deploy dev: NO_CHANGES"), output());
        assertTrue(output().contains("no change set needed"), output());
        List<MotoServer.Request> noop = moto.recording();
        assertEquals(List.of(), artifactUploads(noop), "a no-op redeploy uploads nothing");
        assertEquals(0, count(noop, "CreateChangeSet"), "a no-op redeploy makes no change set");
        assertEquals(1, count(noop, "GetTemplate"));
        assertEquals(0, count(noop, "ExecuteChangeSet"), "a no-op redeploy executes nothing");
        assertEquals(List.of(), pendingChangeSets("user-api-dev"), "no change set is left behind");

        // A new build: an UPDATE change set that points the functions at the new artifact.
        String sha2 = build(2);
        moto.resetRecording();
        assertEquals(0, run("deploy", "--env", "dev"), output());
        List<MotoServer.Request> update = moto.recording();
        assertEquals("UPDATE", only(update, "CreateChangeSet").get("ChangeSetType"));
        assertEquals(1, count(update, "ExecuteChangeSet"));
        assertEquals(1, artifactUploads(update).size());
        assertEquals("user-api/artifacts/" + sha2 + ".jar", parameters("user-api-dev").get("ArtifactKey"));
        assertTrue(stack("user-api-dev").stackStatusAsString().startsWith("UPDATE_COMPLETE"));
    }

    @Test
    void deployThenDiffWithNoChangeThenAChangedParameterThenDelete() throws IOException {
        assertEquals(0, run("bootstrap", "--env", "dev"), output());
        assertEquals(0, run("deploy", "--env", "dev"), output());

        moto.resetRecording();
        assertEquals(0, run("diff", "--env", "dev"), output());
        assertTrue(stdout.contains("no differences"), output());
        assertEquals(0, count(moto.recording(), "ExecuteChangeSet"), "diff executes nothing");
        assertEquals(List.of(), pendingChangeSets("user-api-dev"), "the change set made to read is deleted");

        Files.writeString(dir.resolve("accounts.yaml"), Files.readString(dir.resolve("accounts.yaml"))
                .replace("LogRetentionDays: 7", "LogRetentionDays: 14"));
        assertEquals(6, run("diff", "--env", "dev"), output());
        assertTrue(stdout.contains("~ LogRetentionDays: 7 -> 14"), output());
        assertEquals("7", parameters("user-api-dev").get("LogRetentionDays"), "the stack is untouched");
        assertEquals(List.of(), pendingChangeSets("user-api-dev"));

        moto.resetRecording();
        assertEquals(0, run("delete", "--env", "dev", "--yes"), output());
        Map<String, String> delete = only(moto.recording(), "DeleteStack");
        assertEquals("arn:aws:iam::" + ACCOUNT + ":role/user-api-cfn-exec", delete.get("RoleARN"), "deleted as the execution role");
        assertTrue(delete.get("ClientRequestToken").startsWith("pipeline-delete-"), delete.toString());
        assertTrue(stdout.contains("deleted stack user-api-dev"), output());
        assertTrue(stdout.contains("kept UsersTable (AWS::DynamoDB::Table)"), output());
        assertTrue(cfn().listStacks().stackSummaries().stream()
                .filter(x -> x.stackName().equals("user-api-dev")).allMatch(x -> x.stackStatusAsString().equals("DELETE_COMPLETE")),
                "the stack is gone");
        assertEquals("CREATE_COMPLETE", stack("user-api-bootstrap").stackStatusAsString(), "the bootstrap stack and its bucket stay");
    }

    @Test
    void aSavedPlanIsExecutedAsPlannedAndOnlyThen() {
        assertEquals(0, run("bootstrap", "--env", "dev"), output());
        moto.resetRecording();
        assertEquals(0, run("plan", "--env", "dev", "--save", "dev.plan.json"), output());
        List<MotoServer.Request> plan = moto.recording();
        assertEquals(0, count(plan, "ExecuteChangeSet"), "a plan executes nothing");
        String planned = only(plan, "CreateChangeSet").get("ChangeSetName");
        assertEquals("REVIEW_IN_PROGRESS", stack("user-api-dev").stackStatusAsString(), "a CREATE plan leaves CloudFormation's placeholder");
        assertEquals(List.of(planned), pendingChangeSets("user-api-dev"), "the planned change set is kept for deploy --plan");

        moto.resetRecording();
        assertEquals(0, run("deploy", "--plan", "dev.plan.json"), output());
        List<MotoServer.Request> deploy = moto.recording();
        assertEquals(0, count(deploy, "CreateChangeSet"), "deploy --plan makes no new change set");
        assertTrue(only(deploy, "ExecuteChangeSet").get("ChangeSetName").contains(planned), "it executes the planned one");
        assertEquals("CREATE_COMPLETE", stack("user-api-dev").stackStatusAsString());

        // moto would re-apply an executed change set; the pipeline never asks it to.
        moto.resetRecording();
        assertEquals(3, run("deploy", "--plan", "dev.plan.json"), output());
        assertEquals(0, count(moto.recording(), "ExecuteChangeSet"), "a plan is executed once");
    }

    @Test
    void aProtectedEnvironmentNeedsApprovalThenGetsItsLocksAndStatusReportsIt() {
        assertEquals(0, run("bootstrap", "--env", "dev"), output());
        assertEquals(0, run("deploy", "--env", "dev"), output());
        assertEquals(0, run("bootstrap", "--env", "prod", "--profile", "prod-admin", "--yes"), output());

        // prod promotes what dev runs, through the endpoint named in accounts.yaml rather than AWS_ENDPOINT_URL.
        moto.resetRecording();
        assertEquals(3, run("deploy", "--env", "prod", "--profile", "prod-admin"), output());
        assertTrue(output().contains("prod is protected"), output());
        assertEquals(0, count(moto.recording(), "ExecuteChangeSet"), "nothing executed without approval");
        assertTrue(cfn(prodAdmin()).describeStacks().stacks().stream().noneMatch(s -> s.stackName().equals("user-api-prod")
                && !s.stackStatusAsString().equals("REVIEW_IN_PROGRESS")), "no prod stack was created");

        moto.resetRecording();
        assertEquals(0, run("deploy", "--env", "prod", "--profile", "prod-admin", "--yes"), output());
        assertTrue(output().contains("promoting the artifact dev runs"), output());
        List<MotoServer.Request> approved = moto.recording();
        assertEquals(1, count(approved, "ExecuteChangeSet"));
        Map<String, String> policy = only(approved, "SetStackPolicy");
        assertTrue(policy.get("StackPolicyBody").contains("Update:Replace") && policy.get("StackPolicyBody").contains("UsersTable"),
                policy.toString());
        assertTrue(approved.stream().filter(r -> r.action().equals("UpdateTerminationProtection"))
                .allMatch(r -> r.form().get("EnableTerminationProtection").equals("true")) && count(approved, "UpdateTerminationProtection") >= 1,
                "termination protection is asked for");
        // moto has no UpdateTerminationProtection (HTTP 500, empty body). The stack change is complete, so
        // the deploy succeeds and says, naming the call, that the lock is missing and how to put it on.
        assertTrue(output().contains("termination protection could not be turned on (CloudFormation UpdateTerminationProtection in us-east-1")
                && output().contains("aws cloudformation update-termination-protection --enable-termination-protection --stack-name user-api-prod"),
                output());

        assertEquals(0, run("status", "--env", "prod", "--profile", "prod-admin"), output());
        assertTrue(stdout.contains("stack user-api-prod: CREATE_COMPLETE"), output());
        assertTrue(stdout.contains("last deploy: SUCCEEDED") && stdout.contains("by alice, git " + SHA), output());
    }

    /**
     * Ctrl-C for real: {@code pipeline deploy} in its own JVM (the real main, default credential chain
     * and SDK clients), SIGINT while CloudFormation computes the change set. The proxy keeps the change
     * set computing, as AWS takes seconds to; moto does it at once.
     */
    @Test
    void ctrlCWhileTheChangeSetIsComputedDeletesItAndExits130() throws Exception {
        assertEquals(0, run("bootstrap", "--env", "dev"), output());
        moto.resetRecording();
        Path log = dir.resolve("deploy.log");
        try (SlowChangeSetProxy proxy = new SlowChangeSetProxy(moto.endpoint())) {
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), PipelineCli.class.getName(), "deploy", "--env", "dev")
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("GITHUB_"));
            env.put("AWS_ENDPOINT_URL", proxy.endpoint().toString());
            env.put("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
            env.put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
            env.put("USER", "alice");
            env.put("GITHUB_SHA", SHA);
            Process deploy = pb.start();
            try {
                assertTrue(proxy.waiting.await(120, java.util.concurrent.TimeUnit.SECONDS),
                        "the deploy never waited for a change set: " + Files.readString(log));
                assertEquals(0, new ProcessBuilder("kill", "-INT", String.valueOf(deploy.pid())).start().waitFor());
                assertTrue(deploy.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "the deploy did not end: " + Files.readString(log));
            } finally {
                deploy.destroyForcibly();
            }
            String said = Files.readString(log);
            assertEquals(130, deploy.exitValue(), said);
            assertTrue(said.contains("interrupted while CloudFormation computed change set deploy-0123456-"), said);
            assertTrue(said.contains("and the empty stack user-api-dev it made; nothing was executed"), said);
            assertTrue(!said.contains("Thread was interrupted"), "the cleanup and the record are not cut short: " + said);
        }
        List<MotoServer.Request> sent = moto.recording();
        assertEquals(1, count(sent, "DeleteChangeSet"), "our change set was deleted");
        assertEquals(1, count(sent, "DeleteStack"), "and CloudFormation's empty placeholder stack");
        assertEquals(0, count(sent, "ExecuteChangeSet"));
        assertEquals(List.of(), pendingChangeSets("user-api-dev"));
    }

    // ------------------------------------------------------------------ the world

    /**
     * The real SDK clients against moto; only the base identity is given, as AWS_ACCESS_KEY_ID (or
     * --profile prod-admin, an administrator of prod's account) would.
     */
    private AwsClients clients() {
        SdkAwsClients sdk = new SdkAwsClients(Map.of("AWS_ENDPOINT_URL", moto.endpoint().toString()));
        // AutoCloseable, as SdkAwsClients is: the command closes its HTTP pool when it ends.
        abstract class Closing implements AwsClients, AutoCloseable {
            @Override
            public void close() {
                sdk.close();
            }
        }
        return new Closing() {
            @Override
            public AwsCredentialsProvider baseCredentials(String profile) {
                return "prod-admin".equals(profile) ? prodAdmin() : base();
            }

            @Override
            public StsClient sts(String region, AwsCredentialsProvider c, URI endpoint) {
                return sdk.sts(region, c, endpoint);
            }

            @Override
            public CloudFormationClient cloudFormation(String region, AwsCredentialsProvider c, URI endpoint) {
                return sdk.cloudFormation(region, c, endpoint);
            }

            @Override
            public S3Client s3(String region, AwsCredentialsProvider c, URI endpoint) {
                return sdk.s3(region, c, endpoint);
            }

            @Override
            public software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient logs(String region, AwsCredentialsProvider c, URI endpoint) {
                return sdk.logs(region, c, endpoint);
            }

            @Override
            public software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb(String region, AwsCredentialsProvider c, URI endpoint) {
                return sdk.dynamoDb(region, c, endpoint);
            }
        };
    }

    private static AwsCredentialsProvider base() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
    }

    private int run(String... args) {
        Services services = new Services(clients(), Map.of("USER", "alice", "GITHUB_SHA", SHA, "AWS_ENDPOINT_URL", moto.endpoint().toString()),
                dir, Terminal.NONE, PollSchedule.DEFAULT.scaled(0.05), Sleeper.SYSTEM, Clock.systemUTC(), StackDeployer.WaitLimits.DEFAULT,
                Services.DEFAULT_PARALLELISM, TemplateChecks.all());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = PipelineCli.commandLine(new ServicesFactory(services));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        stdout = out.toString();
        stderr = err.toString();
        return code;
    }

    private String output() {
        return stdout + stderr;
    }

    /** An administrator session in prod's account (moto forgets it on reset, so one per test). */
    private AwsCredentialsProvider prodAdmin() {
        if (prodAdmin == null) {
            var c = inspect.sts(REGION, base(), moto.endpoint())
                    .assumeRole(b -> b.roleArn("arn:aws:iam::" + PROD_ACCOUNT + ":role/admin").roleSessionName("admin")).credentials();
            prodAdmin = StaticCredentialsProvider.create(
                    AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()));
        }
        return prodAdmin;
    }

    private CloudFormationClient cfn() {
        return cfn(base());
    }

    private CloudFormationClient cfn(AwsCredentialsProvider as) {
        return inspect.cloudFormation(REGION, as, moto.endpoint());
    }

    private S3Client s3() {
        return inspect.s3(REGION, base(), moto.endpoint());
    }

    /**
     * The stack's change sets that have not been executed. AWS deletes a stack's change sets once one
     * is executed; moto keeps the executed ones, and its ListChangeSets answers for every stack.
     */
    private List<String> pendingChangeSets(String stackName) {
        return cfn().listChangeSets(b -> b.stackName(stackName)).summaries().stream()
                .filter(s -> s.stackName().equals(stackName) && !s.executionStatusAsString().equals("EXECUTE_COMPLETE"))
                .map(s -> s.changeSetName()).toList();
    }

    private Stack stack(String name) {
        return cfn().describeStacks(b -> b.stackName(name)).stacks().get(0);
    }

    private Map<String, String> parameters(String stack) {
        return stack(stack).parameters().stream().collect(java.util.stream.Collectors.toMap(p -> p.parameterKey(), p -> p.parameterValue()));
    }

    private static String bucket() {
        return "user-api-artifacts-" + ACCOUNT + "-" + REGION;
    }

    private static List<MotoServer.Request> artifactUploads(List<MotoServer.Request> recording) {
        return recording.stream().filter(r -> r.method().equals("PUT") && r.url().getPath().contains("/user-api/artifacts/")).toList();
    }

    private static long count(List<MotoServer.Request> recording, String action) {
        return recording.stream().filter(r -> r.action().equals(action)).count();
    }

    private static Map<String, String> only(List<MotoServer.Request> recording, String action) {
        List<Map<String, String>> found = recording.stream().filter(r -> r.action().equals(action)).map(MotoServer.Request::form).toList();
        assertEquals(1, found.size(), action + " calls: " + found);
        return found.get(0);
    }

    /** A "build" of the functions artifact; returns its SHA-256. */
    private String build(int version) {
        Path jar = dir.resolve("functions/target/user-api-functions.jar");
        byte[] bytes = new byte[4096];
        new Random(version).nextBytes(bytes);
        try {
            Files.createDirectories(jar.getParent());
            Files.write(jar, bytes);
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path repo() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("cloudformation/app.yaml"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /**
     * moto's CloudFormation has no AWS::Lambda::Alias: it skips the resource, a Ref to it resolves to
     * nothing, and the Lambda permission naming it fails with HTTP 500 (README, "What differs on moto").
     * So in the app.yaml moto gets, what referred to an alias refers to its function instead (the alias
     * stays, unused, so the execution role derived from the template is the bootstrap template's), and
     * the API deployment is renamed for the changed integrations, as pipeline validate requires.
     */
    static void referToFunctionsNotAliases(Path app) throws IOException {
        String text = Files.readString(app);
        Template parsed = TemplateParser.parse(app, text);
        for (Resource alias : parsed.resourcesOfType("AWS::Lambda::Alias").values()) {
            String function = Intrinsics.ref(alias.property("FunctionName"));
            if (function == null) {
                throw new IllegalStateException(alias.logicalId() + ": expected FunctionName: !Ref FUNCTION");
            }
            String id = alias.logicalId();
            text = text.replace("!Ref " + id + "\n", "!GetAtt " + function + ".Arn\n")
                    .replace("${" + id + "}", "${" + function + ".Arn}");
        }
        parsed = TemplateParser.parse(app, text);
        for (Resource deployment : parsed.resourcesOfType("AWS::ApiGateway::Deployment").values()) {
            Template t = parsed;
            String old = deployment.logicalId();
            String now = ApiDeployments.restApiOf(t, deployment).map(api -> ApiDeployments.expectedId(t, deployment, api)).orElse(old);
            text = text.replace(old, now);
        }
        for (String alias : parsed.resourcesOfType("AWS::Lambda::Alias").keySet()) {
            if (text.contains("!Ref " + alias) || text.contains("${" + alias)) {
                throw new IllegalStateException(alias + " is still referenced in a form this does not rewrite:\n" + text);
            }
        }
        Files.writeString(app, text);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
