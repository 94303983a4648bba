package dev.userapi.pipeline.policy;

import dev.userapi.pipeline.template.Template;
import dev.userapi.pipeline.template.TemplateException;
import dev.userapi.pipeline.template.TemplateParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Parses templates and runs every rule on each. Reading only: nothing is called on AWS. */
public final class TemplateValidator {
    private final List<Rule> rules;

    public TemplateValidator(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static TemplateValidator standard() {
        return new TemplateValidator(Rules.all());
    }

    public List<Rule> rules() {
        return rules;
    }

    public ValidationResult validate(List<Path> files) {
        List<Finding> findings = new ArrayList<>();
        for (Path file : files) {
            findings.addAll(validate(file));
        }
        findings.sort(Finding.ORDER);
        return new ValidationResult(files, findings, rules);
    }

    public List<Finding> validate(Path file) {
        Template template;
        try {
            template = TemplateParser.parse(file);
        } catch (TemplateException e) {
            Rule syntax = rules.stream().filter(r -> r.id().equals(SyntaxRule.ID)).findFirst().orElseGet(SyntaxRule::new);
            return List.of(new Finding(file, e.line(), syntax.id(), syntax.level(), e.getMessage()));
        }
        return validate(template);
    }

    public List<Finding> validate(Template template) {
        List<Finding> findings = new ArrayList<>();
        for (Rule rule : rules) {
            rule.check(template, new Report(template, rule, findings));
        }
        findings.sort(Finding.ORDER);
        return findings;
    }
}
