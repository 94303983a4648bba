package dev.userapi.pipeline.changeset;

import java.time.Duration;

/** Waiting between polls; a collaborator so a benchmark or a test can run the schedule on its own time scale. */
@FunctionalInterface
public interface Sleeper {
    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);

    void sleep(Duration duration) throws InterruptedException;
}
