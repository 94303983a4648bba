package dev.userapi.functions;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Standard output captured while it is open. Outside Lambda the Lambda appender writes each log line
 * to {@code System.out} at the moment of logging, so this sees exactly what the function logs.
 */
final class CapturedOutput implements AutoCloseable {

    private final PrintStream original = System.out;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    CapturedOutput() {
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    }

    String text() {
        System.out.flush();
        return buffer.toString(StandardCharsets.UTF_8);
    }

    List<String> lines() {
        return text().lines().filter(line -> !line.isBlank()).toList();
    }

    @Override
    public void close() {
        System.out.flush();
        System.setOut(original);
        // Keep the output visible in the test report.
        original.print(text());
    }
}
