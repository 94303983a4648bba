package dev.userapi.pipeline.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Which files {@code pipeline validate} reads, and the project root its reports are relative to. */
public final class TemplateFiles {
    /** What a CloudFormation template is called; anything else in a directory is not read. */
    public static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".json", ".template");
    /** The project's templates, relative to its root. */
    public static final String DEFAULT_DIRECTORY = "cloudformation";

    /**
     * @param files    the templates to read, in a stable order
     * @param problems paths that do not exist or cannot be read, one message each
     */
    public record Selection(List<Path> files, List<String> problems) {
        public Selection {
            files = List.copyOf(files);
            problems = List.copyOf(problems);
        }
    }

    private TemplateFiles() {
    }

    /** The project root seen from {@code cwd}: see {@link dev.userapi.pipeline.config.ProjectRoot}. */
    public static Path projectRoot(Path cwd) {
        return dev.userapi.pipeline.config.ProjectRoot.find(cwd);
    }

    /** Files as given (whatever their extension), directories walked for templates, hidden directories skipped. */
    public static Selection select(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile)
                            .filter(f -> isTemplate(f) && !hidden(p, f))
                            .sorted()
                            .forEach(files::add);
                } catch (IOException | UncheckedIOException e) {
                    problems.add(p + ": cannot list the directory (" + e.getMessage() + ")");
                }
            } else if (!Files.exists(p)) {
                problems.add(p + ": no such file or directory; pass existing templates or directories");
            } else if (!Files.isReadable(p)) {
                problems.add(p + ": not readable; check its permissions");
            } else {
                files.add(p);
            }
        }
        return new Selection(files.stream().distinct().toList(), problems);
    }

    static boolean isTemplate(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    private static boolean hidden(Path root, Path file) {
        Path relative = root.relativize(file);
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            if (relative.getName(i).toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
