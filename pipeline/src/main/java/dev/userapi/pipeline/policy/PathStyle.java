package dev.userapi.pipeline.policy;

import java.nio.file.Path;

/**
 * How reports name files: relative to the working directory for people (what a terminal or editor
 * opens), relative to the project root with forward slashes for machines (SARIF, JSON), which is
 * what GitHub resolves against the checkout.
 */
public record PathStyle(Path root, Path cwd) {

    public PathStyle {
        root = root.toAbsolutePath().normalize();
        cwd = cwd.toAbsolutePath().normalize();
    }

    public String forPeople(Path file) {
        Path f = file.toAbsolutePath().normalize();
        return f.startsWith(cwd) ? slashes(cwd.relativize(f)) : f.toString();
    }

    /** Root-relative with '/' when under the root; else an absolute file URI. */
    public String forMachines(Path file) {
        Path f = file.toAbsolutePath().normalize();
        return f.startsWith(root) ? slashes(root.relativize(f)) : f.toUri().toString();
    }

    private static String slashes(Path p) {
        return p.toString().replace('\\', '/');
    }
}
