package dev.userapi.pipeline.policy;

import java.nio.file.Path;
import java.util.List;

/** What one run checked and found; findings in {@link Finding#ORDER}. */
public record ValidationResult(List<Path> templates, List<Finding> findings, List<Rule> rules) {

    public ValidationResult {
        templates = List.copyOf(templates);
        findings = List.copyOf(findings);
        rules = List.copyOf(rules);
    }

    public boolean clean() {
        return findings.isEmpty();
    }
}
