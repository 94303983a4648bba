package dev.userapi.pipeline.execrole;

import dev.userapi.pipeline.template.Template;
import dev.userapi.pipeline.template.TemplateParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The project's app and bootstrap templates, and copies of the app template with one more resource. */
final class AppTemplates {
    /** A queue as an app would add one; CloudFormation names it STACK-JobsQueue-RANDOM. */
    static final String QUEUE = "JobsQueue:\n  Type: AWS::SQS::Queue\n  Properties:\n    MessageRetentionPeriod: 1209600\n";

    private AppTemplates() {
    }

    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("cloudformation/app.yaml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find cloudformation/app.yaml above " + Path.of("").toAbsolutePath());
    }

    static Path appFile() {
        return root().resolve("cloudformation/app.yaml");
    }

    static Path bootstrapFile() {
        return root().resolve("cloudformation/bootstrap/target-account.yaml");
    }

    static String appText() {
        return read(appFile());
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Template app() {
        return TemplateParser.parse(appFile());
    }

    /** app.yaml with {@code resource} (YAML at the Resources' indentation) as its first resource. */
    static String appWith(String resource) {
        String text = appText();
        if (!text.contains("\nResources:\n")) {
            throw new IllegalStateException("app.yaml has no top-level Resources: line");
        }
        return text.replace("\nResources:\n", "\nResources:\n" + resource.indent(2));
    }

    static Template parse(String text) {
        return TemplateParser.parse(appFile(), text);
    }
}
