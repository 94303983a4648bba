package dev.userapi.pipeline.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The project's own templates are held to its own rules. */
class ProjectTemplatesTest {

    @Test
    void appAndBootstrapTemplatesHaveNoFindings() {
        TemplateFiles.Selection selection = TemplateFiles.select(List.of(ProjectFiles.root().resolve("cloudformation")));
        assertEquals(List.of(), selection.problems());
        List<Path> files = selection.files();
        assertTrue(files.contains(ProjectFiles.app()), files.toString());
        assertTrue(files.contains(ProjectFiles.targetAccount()), files.toString());
        assertTrue(files.contains(ProjectFiles.ciIdentity()), files.toString());
        ValidationResult result = TemplateValidator.standard().validate(files);
        assertEquals(List.of(), result.findings());
    }
}
