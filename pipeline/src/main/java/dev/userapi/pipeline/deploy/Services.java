package dev.userapi.pipeline.deploy;

import dev.userapi.pipeline.aws.AwsClients;
import dev.userapi.pipeline.aws.SdkAwsClients;
import dev.userapi.pipeline.changeset.PollSchedule;
import dev.userapi.pipeline.changeset.Sleeper;
import dev.userapi.pipeline.changeset.StackDeployer;
import dev.userapi.pipeline.config.ProjectRoot;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Everything a command needs from the outside world, in one value, so the commands are the same
 * classes in production and in tests: the AWS client factory, the environment variables, the working
 * directory, the terminal, and the clock and schedule of polling.
 *
 * @param parallelism how many targets of an environment run at once
 * @param checks      template checks run before any AWS call (the validate rules plug in here)
 */
public record Services(AwsClients aws, Map<String, String> env, Path workDir, Terminal terminal,
                       PollSchedule pollSchedule, Sleeper sleeper, Clock clock, StackDeployer.WaitLimits waitLimits,
                       int parallelism, List<TemplateCheck> checks) {

    public static final int DEFAULT_PARALLELISM = 4;

    public Services {
        env = Map.copyOf(env);
        checks = List.copyOf(checks);
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
    }

    /** The real world: SDK clients, the process environment, the current directory, the console. */
    public static Services system() {
        Map<String, String> env = System.getenv();
        return new Services(new SdkAwsClients(env), env, Path.of("").toAbsolutePath(), Terminal.system(),
                PollSchedule.DEFAULT, Sleeper.SYSTEM, Clock.systemUTC(), StackDeployer.WaitLimits.DEFAULT,
                DEFAULT_PARALLELISM, TemplateChecks.all());
    }

    /** A path as the user typed it: relative to the working directory. */
    public Path resolve(Path p) {
        return workDir.resolve(p).normalize();
    }

    /** The project this command runs in (see {@link ProjectRoot}): where default files are found. */
    public Path root() {
        return ProjectRoot.find(workDir);
    }

    /** {@code given} as typed (relative to the working directory), or else {@code fallback} in the project root. */
    public Path fileOrDefault(Path given, Path fallback) {
        return given != null ? resolve(given) : root().resolve(fallback).normalize();
    }

    /** Releases what {@link #system()} opened (the shared HTTP pool). */
    public void close() {
        if (aws instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // closing a connection pool at exit: nothing useful to do about a failure
            }
        }
    }
}
