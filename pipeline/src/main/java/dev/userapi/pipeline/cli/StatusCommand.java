package dev.userapi.pipeline.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the status command lands; it says so and exits non-zero. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "(not built yet)")
public final class StatusCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("pipeline status: not built yet");
        return ExitCodes.FINDINGS;
    }
}
