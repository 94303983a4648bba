package dev.userapi.pipeline.deploy;

import dev.userapi.pipeline.changeset.DeployException;
import dev.userapi.pipeline.progress.Printer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Builds the functions artifact when a deploy from a checkout finds none: the same Maven build CI
 * runs (tests included), so a laptop deploy never ships an unbuilt or untested jar. The jar is
 * reproducible, so the same commit builds the same SHA-256 everywhere and promotion still matches.
 */
final class ArtifactBuild {
    static final List<String> COMMAND = List.of("./mvnw", "-B", "-q", "-pl", "functions", "-am", "package");

    private ArtifactBuild() {
    }

    /** Builds {@code artifact} if it is missing and {@code workDir} is a checkout with the Maven wrapper. */
    static void ensure(Path workDir, Path artifact, Map<String, String> env, Printer out) {
        if (Files.isRegularFile(artifact) || !Files.isRegularFile(workDir.resolve("mvnw"))) {
            return;
        }
        out.info("no artifact at " + workDir.relativize(artifact) + "; building it: " + String.join(" ", COMMAND));
        try {
            Path log = Files.createTempFile("pipeline-build", ".log");
            ProcessBuilder pb = new ProcessBuilder(COMMAND).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().putAll(env);
            int exit = pb.start().waitFor();
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            if (exit != 0 || !Files.isRegularFile(artifact)) {
                List<String> lines = output.lines().toList();
                String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
                throw DeployException.badInput("building the artifact failed (exit " + exit + "):\n" + tail);
            }
        } catch (IOException e) {
            throw DeployException.badInput("cannot run " + String.join(" ", COMMAND) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployException(DeployException.Kind.INTERRUPTED, "interrupted while building the artifact");
        }
    }
}
