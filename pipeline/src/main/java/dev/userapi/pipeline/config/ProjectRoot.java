package dev.userapi.pipeline.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one rule every command uses to find the project from wherever it runs: the nearest directory,
 * the working directory or above, that holds {@code accounts.yaml}, {@code cloudformation/} or
 * {@code .git}; the working directory itself when none does. Default files ({@code accounts.yaml},
 * {@code cloudformation/app.yaml}, the artifact, {@code .pipeline/records}) are taken from there; a
 * path given on the command line is taken as typed, relative to the working directory.
 */
public final class ProjectRoot {
    private ProjectRoot() {
    }

    public static Path find(Path cwd) {
        Path start = cwd.toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("accounts.yaml")) || Files.isDirectory(dir.resolve("cloudformation"))
                    || Files.exists(dir.resolve(".git"))) {
                return dir;
            }
        }
        return start;
    }
}
