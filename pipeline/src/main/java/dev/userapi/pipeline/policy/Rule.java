package dev.userapi.pipeline.policy;

import dev.userapi.pipeline.template.Template;

/**
 * One check of {@code pipeline validate}. A rule documents itself: the same text feeds the
 * README's rule table, {@code docs/rules.md}, {@code --list-rules} and the SARIF rule metadata
 * GitHub shows next to each finding, so the explanation a reader sees is the one the code carries.
 */
public interface Rule {

    /** Stable, kebab-case; what suppressions and SARIF results refer to. */
    String id();

    /** One line: what the rule finds. */
    String title();

    /** What exactly is checked, including the edges (what counts, what does not). */
    String description();

    /** Why a finding matters: the failure or attack it stands for. */
    String why();

    /** How to fix a finding, concretely. */
    String fix();

    default Level level() {
        return Level.ERROR;
    }

    /** Reports every finding of this rule in {@code template} to {@code report}. */
    void check(Template template, Report report);
}
