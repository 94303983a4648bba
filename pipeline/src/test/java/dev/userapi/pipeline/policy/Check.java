package dev.userapi.pipeline.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.userapi.pipeline.template.Template;
import dev.userapi.pipeline.template.TemplateParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs rules on inline templates and states expectations as "rule@line" strings. */
final class Check {
    static final Path FILE = Path.of("t.yaml");

    private Check() {
    }

    static Template parse(String yaml) {
        return TemplateParser.parse(FILE, yaml);
    }

    static List<Finding> run(Rule rule, String yaml) {
        Template t = parse(yaml);
        List<Finding> out = new ArrayList<>();
        rule.check(t, new Report(t, rule, out));
        out.sort(Finding.ORDER);
        return out;
    }

    /** Every rule, as {@code pipeline validate} runs them. */
    static List<Finding> all(String yaml) {
        return TemplateValidator.standard().validate(parse(yaml));
    }

    /** "rule@line" for each finding, in report order: compact, and a failure shows all of them. */
    static List<String> at(List<Finding> findings) {
        return findings.stream().map(f -> f.ruleId() + "@" + f.line()).toList();
    }

    static void assertFindings(List<Finding> findings, String... expected) {
        assertEquals(List.of(expected), at(findings), () -> String.join("\n", findings.stream().map(Finding::toString).toList()));
    }
}
