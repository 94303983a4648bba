package dev.userapi.pipeline.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the validate command lands; it says so and exits non-zero. */
@Command(name = "validate", mixinStandardHelpOptions = true, description = "(not built yet)")
public final class ValidateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("pipeline validate: not built yet");
        return ExitCodes.FINDINGS;
    }
}
