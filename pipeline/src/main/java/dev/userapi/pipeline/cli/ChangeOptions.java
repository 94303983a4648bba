package dev.userapi.pipeline.cli;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** Flags of the commands that make change sets. */
final class ChangeOptions {
    @Option(names = "--allow-replace", paramLabel = "LOGICAL_ID", split = ",",
            description = "Allow removing or replacing this stateful resource (repeatable). Without it such a change is refused.")
    List<String> allowReplace = List.of();

    @Option(names = "--busy-timeout", paramLabel = "DURATION", defaultValue = "15m", converter = CommandSupport.DurationConverter.class,
            description = "How long to wait for another operation on a stack before refusing (default: ${DEFAULT-VALUE}; 0 = refuse at once).")
    Duration busyTimeout;

    Set<String> allowReplaceSet() {
        return new LinkedHashSet<>(allowReplace);
    }
}
