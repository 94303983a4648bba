package dev.userapi.pipeline.changeset;

import java.time.Duration;
import java.util.List;

/**
 * How long to wait between two looks at something CloudFormation is doing: quick at first (most
 * change sets are ready in seconds), then a short cap, never a fixed 30 s.
 *
 * <p>The cap bounds how late the pipeline can say that CloudFormation finished: an operation may go
 * silent for minutes (a table with point-in-time recovery, a CloudFront distribution), and the look
 * that sees its end comes at most one cap after it. A back-off to 10 s made that lag anything
 * between 0 and 10 s by luck. A look at an executing stack costs one DescribeStackEvents call (two
 * when the events run over a page), so the cap also sets the calls per target: 40 a minute at 1.5 s,
 * plus StackDeployer's occasional DescribeStacks. Throttling is per account and region, and every
 * target of an environment is its own account/region pair; 40 a minute is about 0.7 a second
 * against the 5 a second CloudFormation is reported to allow DescribeStacks (README, "Deploy feedback lag").
 *
 * @param steps the first delays, in order
 * @param cap   the delay after the steps run out, and the largest delay ever used
 */
public record PollSchedule(List<Duration> steps, Duration cap) {

    /** 1, 1 seconds, then every 1.5 seconds. */
    public static final PollSchedule DEFAULT = new PollSchedule(
            List.of(Duration.ofSeconds(1), Duration.ofSeconds(1)), Duration.ofMillis(1500));

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
