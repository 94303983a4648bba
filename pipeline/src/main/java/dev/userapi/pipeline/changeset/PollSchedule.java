package dev.userapi.pipeline.changeset;

import java.time.Duration;
import java.util.List;

/**
 * How long to wait between two looks at something CloudFormation is doing: quick at first (most
 * change sets are ready in seconds), then backing off to a cap, never a fixed 30 s.
 *
 * @param steps the first delays, in order
 * @param cap   the delay after the steps run out, and the largest delay ever used
 */
public record PollSchedule(List<Duration> steps, Duration cap) {

    /** 1, 1, 2, 3, 5, 8 seconds, then every 10 seconds. */
    public static final PollSchedule DEFAULT = new PollSchedule(
            List.of(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3),
                    Duration.ofSeconds(5), Duration.ofSeconds(8)),
            Duration.ofSeconds(10));

    public PollSchedule {
        steps = List.copyOf(steps);
        if (cap.isNegative() || cap.isZero()) {
            throw new IllegalArgumentException("cap must be positive");
        }
    }

    /** The delay before look number {@code attempt + 1} (attempt counts from 0). */
    public Duration delay(int attempt) {
        Duration d = attempt < steps.size() ? steps.get(attempt) : cap;
        return d.compareTo(cap) > 0 ? cap : d;
    }

    /** The same shape on another time scale (0.01 turns seconds into tens of milliseconds). */
    public PollSchedule scaled(double factor) {
        return new PollSchedule(steps.stream().map(d -> scale(d, factor)).toList(), scale(cap, factor));
    }

    private static Duration scale(Duration d, double factor) {
        return Duration.ofNanos(Math.max(1, Math.round(d.toNanos() * factor)));
    }
}
