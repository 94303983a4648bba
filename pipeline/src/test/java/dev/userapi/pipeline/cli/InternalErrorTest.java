package dev.userapi.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userapi.pipeline.auth.AuthException;
import dev.userapi.pipeline.deploy.Services;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A failure nobody expected is reported as a bug (exit 70), never as bad input or as AWS failing. */
class InternalErrorTest {
    @TempDir
    Path dir;

    @CommandLine.Command(name = "broken")
    static final class Broken implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        RuntimeException failure;
        Services services;

        @Override
        public Integer call() {
            return CommandSupport.run(spec, "broken", "dev", CommandSupport.Output.text, null, () -> services, (s, p) -> {
                throw failure;
            });
        }
    }

    private String[] run(RuntimeException failure, Map<String, String> env) {
        Scenario world = new Scenario(dir);
        world.env.putAll(env);
        Broken b = new Broken();
        b.failure = failure;
        b.services = world.services();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(b);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute();
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void anUnexpectedExceptionIsAnInternalErrorThatAsksForAReport() {
        String[] r = run(new NullPointerException("Cannot invoke \"String.length()\" because \"name\" is null"), Map.of());
        assertEquals(String.valueOf(ExitCodes.INTERNAL_ERROR), r[0]);
        assertTrue(r[2].contains("internal error: java.lang.NullPointerException"), r[2]);
        assertTrue(r[2].contains("This is a bug in pipeline"), r[2]);
        assertTrue(r[2].contains("please report it"), r[2]);
        assertFalse(r[2].contains("\tat "), "no stack trace unless asked: " + r[2]);
        assertTrue(r[1].contains("broken dev: INTERNAL_ERROR"), r[1]);
    }

    @Test
    void pipelineDebugPrintsTheStackTrace() {
        String[] r = run(new IllegalStateException("impossible"), Map.of("PIPELINE_DEBUG", "1"));
        assertEquals(String.valueOf(ExitCodes.INTERNAL_ERROR), r[0]);
        assertTrue(r[2].contains("\tat "), r[2]);
    }

    @Test
    void anExpectedFailureKeepsItsOwnCode() {
        String[] r = run(new AuthException(AuthException.Kind.WRONG_ACCOUNT, "refusing: wrong account"), Map.of());
        assertEquals(String.valueOf(ExitCodes.REFUSED), r[0]);
    }
}
