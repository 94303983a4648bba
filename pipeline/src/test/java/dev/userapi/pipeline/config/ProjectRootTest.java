package dev.userapi.pipeline.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectRootTest {
    @TempDir
    Path tmp;

    @Test
    void fromASubdirectoryTheRootIsTheNearestDirectoryWithAccountsYaml() throws IOException {
        Path project = tmp.resolve("project");
        Files.createDirectories(project.resolve("functions/src/main"));
        Files.writeString(project.resolve("accounts.yaml"), "app: x\n");
        assertEquals(project, ProjectRoot.find(project.resolve("functions/src/main")));
        assertEquals(project, ProjectRoot.find(project));
    }

    @Test
    void aCloudformationDirectoryOrAGitCheckoutMarksTheRootToo() throws IOException {
        Path templates = tmp.resolve("a");
        Files.createDirectories(templates.resolve("cloudformation"));
        Files.createDirectories(templates.resolve("pipeline/src"));
        assertEquals(templates, ProjectRoot.find(templates.resolve("pipeline/src")));
        Path git = tmp.resolve("b");
        Files.createDirectories(git.resolve(".git"));
        Files.createDirectories(git.resolve("docs"));
        assertEquals(git, ProjectRoot.find(git.resolve("docs")));
    }

    @Test
    void outsideAnyProjectTheWorkingDirectoryIsTheRoot() throws IOException {
        Path lonely = Files.createDirectories(tmp.resolve("lonely/deeper"));
        // tmp itself has none of the markers; neither, on a test machine, has /tmp.
        assertEquals(lonely, ProjectRoot.find(lonely));
    }

    @Test
    void theRepositoryItselfIsFoundFromTheModuleDirectory() {
        Path here = Path.of("").toAbsolutePath();
        Path root = ProjectRoot.find(here);
        assertEquals(true, Files.isRegularFile(root.resolve("cloudformation/app.yaml")), root.toString());
    }
}
