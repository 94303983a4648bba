package dev.userapi.pipeline;

import dev.userapi.pipeline.aws.SdkAwsClients;
import dev.userapi.pipeline.cli.PipelineCli;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Map;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The training runs behind bin/pipeline's ahead-of-time caches (JDK 24+, JEP 483): the JVM records
 * the classes a run loads and links, and a later command starts with every one of them already
 * loaded, needed or not (measured: a cache with validate's checks in it made --version slower than
 * the CDS archive). So there are two caches: {@code cli} for the commands that do not call AWS
 * (--version, validate, local, policy), with the command line only, and {@code aws} for those that
 * do (deploy, plan, status, bootstrap), with the SDK clients too, a few thousand classes more.
 * Neither touches the network or any file, so they can run in the background of any command; their
 * output goes nowhere.
 *
 * <p>Run from the project root: {@code java -XX:AOTMode=record ... -cp pipeline.jar
 * dev.userapi.pipeline.StartupTraining cli|aws}.
 */
public final class StartupTraining {
    private StartupTraining() {
    }

    /** @param args {@code cli} or {@code aws} */
    public static void main(String[] args) {
        boolean aws = args.length > 0 && args[0].equals("aws");
        PrintWriter nowhere = new PrintWriter(OutputStream.nullOutputStream(), true);
        // Each run builds only the command it names (PipelineCli.commandLine(factory, args)), as bin/pipeline does.
        String[][] commands = aws
                ? new String[][] {{"deploy", "--help"}, {"plan", "--help"}, {"status", "--help"}}
                : new String[][] {{"--version"}, {"validate", "--help"}, {"local", "--help"}};
        for (String[] command : commands) {
            CommandLine cl = PipelineCli.commandLine(CommandLine.defaultFactory(), command);
            cl.setOut(nowhere);
            cl.setErr(nowhere);
            cl.execute(command);
        }
        if (!aws) {
            return;
        }
        // Building the clients loads the SDK's endpoint rules, signers, HTTP client and protocol classes.
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTRAINING", "training"));
        URI nowhereEndpoint = URI.create("http://127.0.0.1:9");
        try (SdkAwsClients sdk = new SdkAwsClients(Map.of())) {
            sdk.sts("us-east-1", credentials, nowhereEndpoint).close();
            sdk.cloudFormation("us-east-1", credentials, nowhereEndpoint).close();
            sdk.s3("us-east-1", credentials, nowhereEndpoint).close();
        }
    }
}
