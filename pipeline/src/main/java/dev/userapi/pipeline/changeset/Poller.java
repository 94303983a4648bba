package dev.userapi.pipeline.changeset;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Bounded waiting with an adaptive schedule. A {@link Wait} backs off while nothing happens and starts
 * quick again when something does (new stack events mean the operation is moving).
 */
public final class Poller {
    private final PollSchedule schedule;
    private final Sleeper sleeper;
    private final Clock clock;

    public Poller(PollSchedule schedule, Sleeper sleeper, Clock clock) {
        this.schedule = schedule;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    public Clock clock() {
        return clock;
    }

    public Wait start(Duration timeout) {
        return new Wait(clock.instant().plus(timeout));
    }

    /**
     * Looks until {@code done} holds, sleeping by the schedule between looks.
     *
     * @return the first value that is done
     * @throws TimedOut with the last value seen, when the timeout passes first
     */
    public <T> T until(Duration timeout, Supplier<T> probe, Predicate<T> done) {
        Wait wait = start(timeout);
        while (true) {
            T value = probe.get();
            if (done.test(value)) {
                return value;
            }
            if (!wait.pause(false)) {
                throw new TimedOut(value);
            }
        }
    }

    /** One bounded wait. */
    public final class Wait {
        private final Instant deadline;
        private int attempt;

        private Wait(Instant deadline) {
            this.deadline = deadline;
        }

        /**
         * Sleeps for the next delay (shortened to the deadline).
         *
         * @param progressed whether the last look saw something new; resets the back-off
         * @return false, without sleeping, when the deadline has passed
         */
        public boolean pause(boolean progressed) {
            if (progressed) {
                attempt = 0;
            }
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                return false;
            }
            Duration d = schedule.delay(attempt++);
            Duration left = Duration.between(now, deadline);
            try {
                sleeper.sleep(d.compareTo(left) > 0 ? left : d);
            } catch (InterruptedException e) {
                // The exception carries the interrupt; the flag stays clear so that the cleanup it calls for
                // (deleting a change set that was not executed, writing the record) can still reach AWS.
                throw new DeployException(DeployException.Kind.INTERRUPTED, "interrupted while waiting");
            }
            return true;
        }
    }

    /** The timeout passed; carries the last value seen so the message can say where things stood. */
    public static final class TimedOut extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Object last;

        TimedOut(Object last) {
            super("timed out");
            this.last = last;
        }

        public Object last() {
            return last;
        }
    }
}
