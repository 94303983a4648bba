package dev.userapi.pipeline.deploy;

import dev.userapi.pipeline.policy.TemplateValidator;
import java.util.List;

/**
 * The template checks every deploy, plan and bootstrap runs before calling AWS: the rules of
 * {@code pipeline validate} (least privilege, references, retention, stateful protection). Any
 * finding stops the command as bad input, as it fails {@code pipeline validate}; a template that
 * does not parse never gets this far.
 */
public final class TemplateChecks {
    private TemplateChecks() {
    }

    public static List<TemplateCheck> all() {
        TemplateValidator validator = TemplateValidator.standard();
        return List.of(template -> validator.validate(template).stream()
                .map(f -> f.describe(String.valueOf(f.file())))
                .toList());
    }
}
