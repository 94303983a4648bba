package dev.userapi.pipeline.policy;

import dev.userapi.pipeline.template.Template;

/**
 * Findings for templates the parser cannot read at all. The check itself happens in
 * {@link TemplateValidator}, which turns the parser's {@code TemplateException} into a finding;
 * the class exists so the rule is documented and listed like every other.
 */
public final class SyntaxRule implements Rule {
    public static final String ID = "template-syntax";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "The template cannot be read";
    }

    @Override
    public String description() {
        return "YAML or JSON that does not parse, duplicate keys, unknown short-form tags (!Reff), a Rules-section "
                + "function (!Contains, !EachMemberEquals, !EachMemberIn, !RefAll, !ValueOf, !ValueOfAll) outside Rules, "
                + "a YAML alias (*name; reported at the alias), a top-level section CloudFormation does not know, or a "
                + "missing or empty Resources section.";
    }

    @Override
    public String why() {
        return "CloudFormation rejects the template at the first change set, after the pipeline has already built, "
                + "uploaded and assumed roles (aliases included: \"YAML aliases are not allowed in CloudFormation "
                + "templates\"); duplicate keys are worse: YAML keeps only one of them, silently.";
    }

    @Override
    public String fix() {
        return "Correct the file at the reported line; the message names the problem (e.g. the unclosed bracket or the "
                + "duplicate key).";
    }

    @Override
    public void check(Template template, Report report) {
        // A template that parsed has no syntax errors; see TemplateValidator.
    }
}
