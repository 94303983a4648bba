package dev.userapi.pipeline.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the deploy command lands; it says so and exits non-zero. */
@Command(name = "deploy", mixinStandardHelpOptions = true, description = "(not built yet)")
public final class DeployCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("pipeline deploy: not built yet");
        return ExitCodes.FINDINGS;
    }
}
