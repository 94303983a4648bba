package dev.userapi.pipeline;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * bin/pipeline runs each training in the background of a user's command: it must finish, call
 * nothing beyond the loopback interface (its AWS calls go to a server of its own, which refuses
 * them), and print nothing a user could see.
 */
class StartupTrainingTest {

    @Test
    void everyKindRunsToTheEndQuietly() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(printed, true));
            System.setErr(new PrintStream(printed, true));
            for (String kind : new String[] {"bare", "cli", "aws"}) {
                assertDoesNotThrow(() -> StartupTraining.main(new String[] {kind}), kind);
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertEquals("", printed.toString());
    }

    /**
     * The aws cache is trained on what a redeploy with nothing to change runs, both ways: through an
     * empty change set (the stack's parameters are not yet known), then with no change set at all (the
     * stack already has this template, parameters, tags and role). Were a deploy to stop early, the
     * cache would silently hold less, and every deploy would start slower.
     */
    @Test
    void theAwsCacheIsTrainedOnBothWaysARedeployFindsNothingToChange() throws IOException {
        List<String> operations = StartupTraining.deploy(Path.of("").toAbsolutePath().getParent());
        List<String> changeSet = List.of("AssumeRole", "GetCallerIdentity", "DescribeStacks", "HEAD", "CreateChangeSet",
                "DescribeChangeSet", "DeleteChangeSet", "PUT", "PUT");
        List<String> unchanged = List.of("AssumeRole", "GetCallerIdentity", "DescribeStacks", "HEAD", "GetTemplate", "PUT", "PUT");
        assertEquals(java.util.stream.Stream.concat(changeSet.stream(), unchanged.stream()).toList(), operations);
    }
}
