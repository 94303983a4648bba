package dev.userapi.pipeline.policy;

import java.nio.file.Path;
import java.util.Comparator;

/**
 * One problem in one template.
 *
 * @param line 1-based; 0 when the problem concerns the whole file
 */
public record Finding(Path file, int line, String ruleId, Level level, String message) {

    /** File order, then line, then rule: the order a reader fixes them in. */
    public static final Comparator<Finding> ORDER = Comparator.comparing((Finding f) -> f.file().toString())
            .thenComparingInt(Finding::line)
            .thenComparing(Finding::ruleId)
            .thenComparing(Finding::message);

    /** {@code file:line: RULE message}, the form compilers print and editors and CI annotate. */
    public String describe(String displayedFile) {
        return displayedFile + ":" + line + ": " + ruleId + " " + message;
    }
}
