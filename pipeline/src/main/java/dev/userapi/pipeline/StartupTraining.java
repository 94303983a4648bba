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
 * The training run behind bin/pipeline's ahead-of-time cache (JDK 24+, JEP 483): the JVM records the
 * classes this loads and links, and later commands start with them already loaded. It does what
 * most commands start with (the command line, validate's template checks, building the SDK clients)
 * and touches no network and no file but the templates it validates, so it can run in the
 * background of any command. Its own output goes nowhere; the launcher discards it too.
 *
 * <p>Run from the project root: {@code java -XX:AOTMode=record ... -cp pipeline.jar dev.userapi.pipeline.StartupTraining}.
 */
public final class StartupTraining {
    private StartupTraining() {
    }

    public static void main(String[] args) {
        PrintWriter nowhere = new PrintWriter(OutputStream.nullOutputStream(), true);
        for (String[] command : new String[][] {{"--version"}, {"deploy", "--help"}, {"validate"}}) {
            CommandLine cl = PipelineCli.commandLine();
            cl.setOut(nowhere);
            cl.setErr(nowhere);
            cl.execute(command);
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
