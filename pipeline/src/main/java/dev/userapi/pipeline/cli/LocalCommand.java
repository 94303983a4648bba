package dev.userapi.pipeline.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the local command lands; it says so and exits non-zero. */
@Command(name = "local", mixinStandardHelpOptions = true, description = "(not built yet)")
public final class LocalCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("pipeline local: not built yet");
        return ExitCodes.FINDINGS;
    }
}
