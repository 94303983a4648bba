package dev.userapi.pipeline.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the plan command lands; it says so and exits non-zero. */
@Command(name = "plan", mixinStandardHelpOptions = true, description = "(not built yet)")
public final class PlanCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("pipeline plan: not built yet");
        return ExitCodes.FINDINGS;
    }
}
