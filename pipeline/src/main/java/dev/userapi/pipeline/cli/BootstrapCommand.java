package dev.userapi.pipeline.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the bootstrap command lands; it says so and exits non-zero. */
@Command(name = "bootstrap", mixinStandardHelpOptions = true, description = "(not built yet)")
public final class BootstrapCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("pipeline bootstrap: not built yet");
        return ExitCodes.FINDINGS;
    }
}
