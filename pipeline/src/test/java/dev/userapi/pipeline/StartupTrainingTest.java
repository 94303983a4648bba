package dev.userapi.pipeline;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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
}
