package dev.userapi.pipeline.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateParserTest {
    private static final Path F = Path.of("t.yaml");

    @Test
    void shortFormsBecomeLongFormsWithLines() {
        Template t = TemplateParser.parse(F, """
                AWSTemplateFormatVersion: 2010-09-09
                Resources:
                  Table:
                    Type: AWS::DynamoDB::Table
                  Fn:
                    Type: AWS::Lambda::Function
                    Properties:
                      Role: !GetAtt Role.Arn
                      Environment:
                        Variables:
                          TABLE: !Ref Table
                          URL: !Sub "https://${Api}.example/${!Literal}"
                          LIST: !Join [",", [a, b]]
                """);
        assertEquals("2010-09-09", t.root().get("AWSTemplateFormatVersion"), "dates stay strings");
        Resource fn = t.resources().get("Fn");
        assertEquals(List.of("Role", "Arn"), Intrinsics.getAtt(fn.property("Role")));
        Map<?, ?> vars = (Map<?, ?>) ((Map<?, ?>) fn.property("Environment")).get("Variables");
        assertEquals("Table", Intrinsics.ref(vars.get("TABLE")));
        assertEquals(List.of("Api"), Intrinsics.subReferences(Intrinsics.subTemplate(vars.get("URL"))));
        assertEquals(Map.of("Fn::Join", List.of(",", List.of("a", "b"))), vars.get("LIST"));
        assertEquals(5, fn.line());
        assertEquals(8, t.line("Resources", "Fn", "Properties", "Role"));
        assertEquals(7, t.line("Resources", "Fn", "Properties", "Missing"), "falls back to the parent's line");
    }

    @Test
    void syntaxErrorsNameTheLine() {
        TemplateException e = assertThrows(TemplateException.class, () -> TemplateParser.parse(F, """
                Resources:
                  A:
                    Type: [unclosed
                """));
        assertTrue(e.line() >= 3, e.describe());
        assertTrue(e.describe().startsWith("t.yaml:"), e.describe());
    }

    @Test
    void duplicateKeysAndUnknownTagsAreErrors() {
        TemplateException dup = assertThrows(TemplateException.class, () -> TemplateParser.parse(F, """
                Resources:
                  A:
                    Type: X
                  A:
                    Type: Y
                """));
        assertEquals(4, dup.line());
        TemplateException tag = assertThrows(TemplateException.class, () -> TemplateParser.parse(F, """
                Resources:
                  A:
                    Type: !Reff X
                """));
        assertEquals(3, tag.line());
        assertTrue(tag.getMessage().contains("!Reff"));
    }

    @Test
    void jsonTemplatesParseToo() {
        Template t = TemplateParser.parse(Path.of("t.json"), """
                {"Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": {"Ref": "N"}}}}}
                """);
        assertEquals("N", Intrinsics.ref(t.resources().get("B").property("BucketName")));
    }

    @Test
    void theAppTemplateParses() {
        Template t = TemplateParser.parse(Path.of("../cloudformation/app.yaml"));
        assertEquals(3, t.resourcesOfType("AWS::Lambda::Function").size());
        assertTrue(t.line("Resources", "UsersTable") > 0);
    }
}
