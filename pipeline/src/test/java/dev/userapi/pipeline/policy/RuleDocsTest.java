package dev.userapi.pipeline.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rule documentation that people read is the documentation the rule classes carry. */
class RuleDocsTest {
    private final List<Rule> rules = Rules.all();

    @Test
    void everyRuleIsDocumentedWithWhyAndFix() {
        Set<String> ids = new HashSet<>();
        for (Rule r : rules) {
            assertTrue(r.id().matches("[a-z]+(-[a-z]+)*"), r.id());
            assertTrue(ids.add(r.id()), "duplicate id " + r.id());
            for (String text : List.of(r.title(), r.description(), r.why(), r.fix())) {
                assertTrue(text.length() > 20, r.id() + ": " + text);
            }
        }
    }

    @Test
    void docsRulesMdIsTheGeneratedText() throws IOException {
        assertEquals(RuleDocs.markdown(rules), Files.readString(ProjectFiles.root().resolve("docs/rules.md")),
                "regenerate: bin/pipeline validate --list-rules > docs/rules.md");
    }

    @Test
    void theReadmeSectionCarriesTheRuleTable() throws IOException {
        String readme = Files.readString(ProjectFiles.root().resolve("README.md"));
        int start = readme.indexOf("<!-- section: validate -->");
        int end = readme.indexOf("<!-- /section: validate -->");
        assertTrue(start >= 0 && end > start, "README keeps the validate section markers");
        assertTrue(readme.substring(start, end).contains(RuleDocs.table(rules)),
                "paste the table of bin/pipeline validate --list-rules into the README's validate section");
    }

    @Test
    void markdownDoesNotTurnQuotedStarsIntoEmphasis() {
        assertEquals("Resource \"\\*\" and /aws/lambda/&lt;name>", RuleDocs.text("Resource \"*\" and /aws/lambda/<name>"));
    }
}
