package dev.userapi.pipeline.deploy;

import java.util.List;

/**
 * The template checks every deploy runs before calling AWS. The template parser already ran (a
 * template that does not parse never gets here); the {@code policy} rules of {@code pipeline validate}
 * are added to {@link #all()} when that package is part of the build.
 */
public final class TemplateChecks {
    private TemplateChecks() {
    }

    public static List<TemplateCheck> all() {
        return List.of();
    }
}
