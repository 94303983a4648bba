package dev.userapi.pipeline.local;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;

/**
 * Where functions' logs go locally: standard error, one entry as written. In Lambda the runtime points
 * {@link LambdaRuntime#getLogger()} (which the log4j2 appender of aws-lambda-java-log4j2 writes to) at the
 * function's log stream by setting that class's static field; the local runtime does the same, so log4j2
 * output lands on stderr next to the request lines instead of on stdout.
 */
final class LambdaLogging {
    private static final LambdaLogger STDERR = new StreamLogger(System.err);
    private static volatile boolean installed;

    private LambdaLogging() {
    }

    static LambdaLogger logger() {
        return STDERR;
    }

    /** Points LambdaRuntime's logger at stderr; if a future library makes that impossible, logs stay on stdout. */
    static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        try {
            Field f = LambdaRuntime.class.getDeclaredField("logger");
            f.setAccessible(true);
            f.set(null, STDERR);
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("pipeline local: function logs go to stdout (" + e + ")");
        }
    }

    private record StreamLogger(PrintStream out) implements LambdaLogger {
        @Override
        public void log(String message) {
            write(message == null ? new byte[0] : message.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void log(byte[] message) {
            write(message);
        }

        @Override
        public void log(String message, LogLevel level) {
            log(message);
        }

        private void write(byte[] message) {
            synchronized (out) {
                out.write(message, 0, message.length);
                if (message.length == 0 || message[message.length - 1] != '\n') {
                    out.write('\n');
                }
                out.flush();
            }
        }
    }
}
