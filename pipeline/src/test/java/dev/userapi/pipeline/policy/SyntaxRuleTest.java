package dev.userapi.pipeline.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntaxRuleTest {
    @TempDir
    Path dir;

    @Test
    void anUnparsableTemplateIsOneFindingAtItsLine() throws IOException {
        Path file = Files.writeString(dir.resolve("broken.yaml"), """
                Resources:
                  Queue:
                    Type: AWS::SQS::Queue
                  Queue:
                    Type: AWS::SQS::Queue
                """);
        List<Finding> findings = TemplateValidator.standard().validate(file);
        Check.assertFindings(findings, "template-syntax@4");
        assertTrue(findings.get(0).message().contains("duplicate key 'Queue'"), findings.get(0).message());
        assertEquals(file, findings.get(0).file());
    }

    @Test
    void aValidTemplateHasNoSyntaxFinding() throws IOException {
        Path file = Files.writeString(dir.resolve("ok.yaml"), """
                Resources:
                  Queue:
                    Type: AWS::SQS::Queue
                """);
        assertEquals(List.of(), TemplateValidator.standard().validate(file));
    }
}
