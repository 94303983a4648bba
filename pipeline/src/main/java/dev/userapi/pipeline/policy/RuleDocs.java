package dev.userapi.pipeline.policy;

import java.util.List;

/**
 * The rules' own documentation rendered as Markdown: {@code docs/rules.md} and the README's rule
 * table are this output, and a test keeps them in step with the code.
 */
public final class RuleDocs {
    private RuleDocs() {
    }

    /** The whole of {@code docs/rules.md}. */
    public static String markdown(List<Rule> rules) {
        StringBuilder md = new StringBuilder();
        md.append("# Template rules\n\n")
                .append("`pipeline validate` checks every CloudFormation template against these rules. Any finding fails the ")
                .append("command (exit 1); the level only orders them. This file is produced by `pipeline validate --list-rules`; ")
                .append("edit the rule classes in `pipeline/src/main/java/dev/userapi/pipeline/policy/`, not this file.\n\n")
                .append("A resource may suppress a rule, with a reason that stays next to it:\n\n")
                .append("```yaml\nMetadata:\n  ").append(Report.METADATA_KEY).append(":\n    ignore:\n")
                .append("      iam-wildcard-resource: \"xray:PutTraceSegments has no resource-level permissions\"\n```\n\n")
                .append(table(rules)).append('\n');
        for (Rule r : rules) {
            md.append("## ").append(r.id()).append("\n\n")
                    .append("**").append(text(r.title())).append("** (").append(r.level().sarif()).append(")\n\n")
                    .append(text(r.description())).append("\n\n")
                    .append("*Why it matters.* ").append(text(r.why())).append("\n\n")
                    .append("*How to fix.* ").append(text(r.fix())).append("\n\n");
        }
        return md.toString();
    }

    /** One row per rule: id, level, what, why, fix. */
    public static String table(List<Rule> rules) {
        StringBuilder md = new StringBuilder("| Rule | Level | Finds | Why it matters | How to fix |\n|---|---|---|---|---|\n");
        for (Rule r : rules) {
            md.append("| `").append(r.id()).append("` | ").append(r.level().sarif()).append(" | ")
                    .append(cell(r.title())).append(" | ").append(cell(r.why())).append(" | ").append(cell(r.fix())).append(" |\n");
        }
        return md.toString();
    }

    private static String cell(String text) {
        return text(text).replace("|", "\\|").replace("\n", " ");
    }

    /** Plain prose for Markdown: the rules quote "*" and ${...} often, and '*' must not start emphasis. */
    static String text(String prose) {
        return prose.replace("\\", "\\\\").replace("*", "\\*").replace("<", "&lt;").replace("_", "\\_");
    }
}
