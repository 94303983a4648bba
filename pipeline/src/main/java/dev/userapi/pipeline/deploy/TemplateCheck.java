package dev.userapi.pipeline.deploy;

import dev.userapi.pipeline.template.Template;
import java.util.List;

/**
 * A check run on every template before any AWS call (the {@code policy} rules of {@code pipeline
 * validate} plug in here). A finding stops the deploy as bad input.
 */
@FunctionalInterface
public interface TemplateCheck {
    /** Findings in {@code file:line: RULE message} form; empty when the template passes. */
    List<String> check(Template template);
}
