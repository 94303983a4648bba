package dev.userapi.pipeline.progress;

import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/** One stack event as one line: elapsed time, status, type, logical id and the reason when there is one. */
public final class EventFormatter {
    private final Printer p;
    private final Instant start;

    public EventFormatter(Printer p, Instant start) {
        this.p = p;
        this.start = start;
    }

    public String format(StackEvent e) {
        Duration elapsed = Duration.between(start, e.timestamp() == null ? start : e.timestamp());
        if (elapsed.isNegative()) {
            elapsed = Duration.ZERO;
        }
        String status = e.resourceStatusAsString();
        String coloured = String.format("%-44s", status);
        if (status.endsWith("_FAILED") || status.contains("ROLLBACK")) {
            coloured = p.red(coloured);
        } else if (status.endsWith("_COMPLETE")) {
            coloured = p.green(coloured);
        } else {
            coloured = p.yellow(coloured);
        }
        String reason = e.resourceStatusReason() == null || e.resourceStatusReason().isBlank() ? "" : "  " + e.resourceStatusReason();
        return String.format("%7s  %s %-32s %s%s", elapsed(elapsed), coloured, e.resourceType(), e.logicalResourceId(), reason);
    }

    static String elapsed(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return String.format("%d.%ds", s, d.toMillisPart() / 100);
        }
        return String.format("%dm%02ds", s / 60, s % 60);
    }
}
