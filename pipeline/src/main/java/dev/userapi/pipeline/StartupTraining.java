package dev.userapi.pipeline;

import dev.userapi.pipeline.aws.SdkAwsClients;
import dev.userapi.pipeline.changeset.PollSchedule;
import dev.userapi.pipeline.changeset.Sleeper;
import dev.userapi.pipeline.changeset.StackDeployer;
import dev.userapi.pipeline.cli.PipelineCli;
import dev.userapi.pipeline.cli.ServicesFactory;
import dev.userapi.pipeline.config.ProjectRoot;
import dev.userapi.pipeline.deploy.Services;
import dev.userapi.pipeline.deploy.TemplateChecks;
import dev.userapi.pipeline.deploy.Terminal;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Change;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksResponse;
import software.amazon.awssdk.services.cloudformation.model.GetTemplateResponse;
import software.amazon.awssdk.services.cloudformation.model.ListStackResourcesResponse;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.ResourceChange;
import software.amazon.awssdk.services.cloudformation.model.ResourceChangeDetail;
import software.amazon.awssdk.services.cloudformation.model.ResourceTargetDefinition;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.cloudformation.model.Tag;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.AssumedRoleUser;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * The training runs behind bin/pipeline's ahead-of-time caches (JDK 24+, JEP 483): the JVM records
 * the classes a run loads and links, and a later command starts with every one of them already
 * loaded and linked, needed or not. A cache with more in it costs every command that uses it
 * (measured on the 2-core development machine: --version 0.19 s with a cache of its own, 0.22 s
 * with validate's checks in it, while validate goes from 0.73 s to 0.45 s with them), so there
 * are three:
 * <ul>
 *   <li>{@code bare}: no command named ({@code --version}): the root command only;</li>
 *   <li>{@code cli}: the commands that do not call AWS: the checks of {@code validate} on the
 *       checkout's templates (YAML, the policy rules, Jackson), {@code local} and {@code policy};</li>
 *   <li>{@code aws}: the others: the same checks; two redeploys of the checkout's app template
 *       with nothing to change, to a {@link TrainingEndpoint} of its own on the loopback interface
 *       (the first through an empty change set, the second finding the stack unchanged: credentials,
 *       the account check, the deploy record); and one refused call of each other operation a
 *       deploy makes (marshalling, signing, HTTP, XML).</li>
 * </ul>
 * None writes a file or reaches beyond the machine, so each can run in the background of any
 * command; their output goes nowhere.
 *
 * <p>Run from the checkout's root: {@code java -XX:AOTMode=record ... -cp pipeline.jar
 * dev.userapi.pipeline.StartupTraining bare|cli|aws}.
 */
public final class StartupTraining {
    private StartupTraining() {
    }

    /** @param args {@code bare}, {@code cli} or {@code aws} */
    public static void main(String[] args) throws IOException {
        String kind = args.length > 0 ? args[0] : "bare";
        boolean aws = kind.equals("aws");
        // Each run builds only the command it names (PipelineCli.commandLine(factory, args)), as bin/pipeline does.
        String[][] commands = switch (kind) {
            case "aws" -> new String[][] {{"deploy", "--help"}, {"plan", "--help"}, {"status", "--help"}, {"validate"}};
            case "cli" -> new String[][] {{"validate"}, {"local", "--help"}, {"policy", "--help"}};
            default -> new String[][] {{"--version"}};
        };
        for (String[] command : commands) {
            run(command);
        }
        if (aws) {
            deploy(ProjectRoot.find(Path.of("")));
            callAws();
        }
    }

    /**
     * Two deploys to a {@link TrainingEndpoint}, from a project of their own in a temporary directory
     * (a copy of the checkout's templates, a small artifact), so nothing is written to the checkout.
     * Skipped where the checkout's app template is not found (the jar run elsewhere).
     *
     * @param checkout the project whose {@code cloudformation/} templates are deployed
     * @return the operations the endpoint answered, in order; empty when skipped
     */
    static List<String> deploy(Path checkout) throws IOException {
        Path templates = checkout.resolve("cloudformation").toAbsolutePath();
        if (!Files.isRegularFile(templates.resolve("app.yaml"))) {
            return List.of();
        }
        Path dir = Files.createTempDirectory("pipeline-training");
        // The default credentials chain reads these first, before any variable or profile of the user's.
        String key = System.setProperty("aws.accessKeyId", "AKIDTRAINING");
        String secret = System.setProperty("aws.secretAccessKey", "training");
        try (TrainingEndpoint endpoint = new TrainingEndpoint()) {
            copyTemplates(templates, dir.resolve("cloudformation"));
            Files.writeString(dir.resolve("accounts.yaml"), String.join("\n",
                    "app: user-api",
                    "tooling: { account: \"" + TrainingEndpoint.ACCOUNT + "\", region: us-east-1, ciRole: user-api-ci }",
                    "environments:",
                    "  training:",
                    "    account: \"" + TrainingEndpoint.ACCOUNT + "\"",
                    "    region: us-east-1",
                    "    endpoint: " + endpoint.uri(),
                    "    trustedPrincipals: [\"arn:aws:iam::" + TrainingEndpoint.ACCOUNT + ":user/training\"]",
                    ""));
            Path artifact = Files.write(dir.resolve("artifact.jar"), "training".getBytes(StandardCharsets.UTF_8));
            Map<String, String> env = Map.of("USER", "training", "GITHUB_SHA", "0123456789abcdef0123456789abcdef01234567");
            String[] deploy = {"deploy", "--env", "training", "--yes", "--artifact", artifact.toString()};
            for (int i = 0; i < 2; i++) {
                // A command closes its services' HTTP pool when it ends, as it does at exit: one each.
                try (SdkAwsClients sdk = SdkAwsClients.loopback()) {
                    run(new ServicesFactory(new Services(sdk, env, dir, Terminal.NONE, PollSchedule.DEFAULT, Sleeper.SYSTEM,
                            Clock.systemUTC(), StackDeployer.WaitLimits.DEFAULT, 1, TemplateChecks.all())), deploy);
                }
            }
            return endpoint.operations();
        } finally {
            restore("aws.accessKeyId", key);
            restore("aws.secretAccessKey", secret);
            deleteTree(dir);
        }
    }

    private static void copyTemplates(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml") && Files.isRegularFile(p)).toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
    }

    private static void restore(String property, String previous) {
        if (previous == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, previous);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void run(String... command) {
        run(CommandLine.defaultFactory(), command);
    }

    private static void run(CommandLine.IFactory factory, String... command) {
        PrintWriter nowhere = new PrintWriter(OutputStream.nullOutputStream(), true);
        CommandLine cl = PipelineCli.commandLine(factory, command);
        cl.setOut(nowhere);
        cl.setErr(nowhere);
        cl.execute(command);
    }

    /**
     * One call of each kind a deploy makes (STS and CloudFormation's query protocol, S3's REST), against
     * a server on the loopback interface that refuses each with the service's error document, so the
     * cache holds the SDK's marshalling, signing, HTTP and XML unmarshalling as well as its builders.
     */
    private static void callAws() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
            boolean query = "POST".equals(exchange.getRequestMethod()) && "/".equals(exchange.getRequestURI().getPath());
            byte[] body = (query
                    ? "<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>training</Message></Error>"
                            + "<RequestId>training</RequestId></ErrorResponse>"
                    : "<Error><Code>NoSuchKey</Code><Message>training</Message></Error>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(query ? 400 : 404, head ? -1 : body.length);
            if (!head) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTRAINING", "training"));
        URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        try (SdkAwsClients sdk = SdkAwsClients.loopback()) {
            try (var sts = sdk.sts("us-east-1", credentials, endpoint)) {
                attempt(() -> sts.assumeRole(b -> b.roleArn("arn:aws:iam::123456789012:role/training").roleSessionName("training")
                        .sourceIdentity("training").durationSeconds(900)));
                attempt(() -> sts.getCallerIdentity());
            }
            try (var cfn = sdk.cloudFormation("us-east-1", credentials, endpoint)) {
                attempt(() -> cfn.describeStacks(b -> b.stackName("training")));
                attempt(() -> cfn.getTemplate(b -> b.stackName("training")));
                attempt(() -> cfn.createChangeSet(b -> b.stackName("training").changeSetName("training")
                        .templateURL("https://training.s3.amazonaws.com/t.yaml").changeSetType(ChangeSetType.UPDATE)
                        .parameters(Parameter.builder().parameterKey("K").parameterValue("V").build())
                        .tags(Tag.builder().key("K").value("V").build()).capabilities(Capability.CAPABILITY_NAMED_IAM)));
                attempt(() -> cfn.describeChangeSet(b -> b.stackName("training").changeSetName("training")));
                attempt(() -> cfn.executeChangeSet(b -> b.stackName("training").changeSetName("training")));
                attempt(() -> cfn.deleteChangeSet(b -> b.stackName("training").changeSetName("training")));
                attempt(() -> cfn.describeStackEvents(b -> b.stackName("training")));
                attempt(() -> cfn.listStackResources(b -> b.stackName("training")));
            }
            try (var s3 = sdk.s3("us-east-1", credentials, endpoint)) {
                attempt(() -> s3.headObject(b -> b.bucket("training").key("training")));
                attempt(() -> s3.putObject(b -> b.bucket("training").key("training"), RequestBody.fromString("{}")));
                attempt(() -> s3.getObjectAsBytes(b -> b.bucket("training").key("training")));
            }
            // The refusals never reach the response models, which the SDK builds with a lambda per field.
            List.of(AssumeRoleResponse.builder(), Credentials.builder(), AssumedRoleUser.builder(), GetCallerIdentityResponse.builder(),
                    DescribeStacksResponse.builder(), Stack.builder(), Output.builder(), Parameter.builder(), Tag.builder(),
                    DescribeChangeSetResponse.builder(), Change.builder(), ResourceChange.builder(), ResourceChangeDetail.builder(),
                    ResourceTargetDefinition.builder(), CreateChangeSetResponse.builder(), DescribeStackEventsResponse.builder(),
                    StackEvent.builder(), GetTemplateResponse.builder(), ListStackResourcesResponse.builder(),
                    StackResourceSummary.builder(), HeadObjectResponse.builder(), PutObjectResponse.builder(),
                    GetObjectResponse.builder()).forEach(b -> b.build());
        } finally {
            server.stop(0);
        }
    }

    private static void attempt(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException expected) {
            // Every call is refused; what matters is the classes the refusal went through.
        }
    }
}
