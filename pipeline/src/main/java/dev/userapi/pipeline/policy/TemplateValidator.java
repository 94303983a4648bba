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

    /**
     * Every rule's findings on {@code template}, sorted ({@link Finding#ORDER}). The rules are
     * independent reads of one template, so they run side by side: the slow ones (hashing an API's
     * definition, deriving the execution role from the permission tables) take most of a deploy's
     * checks, and on two cores they no longer wait for each other.
     */
    public List<Finding> validate(Template template) {
        List<Finding> findings = new ArrayList<>(rules.parallelStream().flatMap(rule -> {
            List<Finding> own = new ArrayList<>();
            rule.check(template, new Report(template, rule, own));
            return own.stream();
        }).toList());
        findings.sort(Finding.ORDER);
        return findings;
    }
}
