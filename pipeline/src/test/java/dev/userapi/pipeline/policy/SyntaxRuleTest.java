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

    @Test
    void aYamlAliasIsAFindingAtTheAliasNotTheAnchor() throws IOException {
        Path file = Files.writeString(dir.resolve("aliases.yaml"), """
                Resources:
                  First:
                    Type: AWS::SQS::Queue
                    Properties:
                      Tags: &tags
                        - {Key: team, Value: users}
                  Second:
                    Type: AWS::SQS::Queue
                    Properties:
                      Tags: *tags
                """);
        List<Finding> findings = TemplateValidator.standard().validate(file);
        Check.assertFindings(findings, "template-syntax@10");
        assertTrue(findings.get(0).message().contains("YAML alias *tags"), findings.get(0).message());
        assertTrue(findings.get(0).message().contains("CloudFormation does not accept YAML anchors and aliases"),
                findings.get(0).message());
    }

    @Test
    void aMergeKeyIsAnAliasToo() throws IOException {
        Path file = Files.writeString(dir.resolve("merge.yaml"), """
                Resources:
                  First: &queue
                    Type: AWS::SQS::Queue
                  Second:
                    <<: *queue
                """);
        Check.assertFindings(TemplateValidator.standard().validate(file), "template-syntax@5");
    }

    @Test
    void anAnchorNobodyRefersToIsHarmless() throws IOException {
        Path file = Files.writeString(dir.resolve("anchor.yaml"), """
                Resources:
                  First: &queue
                    Type: AWS::SQS::Queue
                """);
        assertEquals(List.of(), TemplateValidator.standard().validate(file));
    }

    @Test
    void rulesSectionFunctionsAreValidInRules() throws IOException {
        Path file = Files.writeString(dir.resolve("rules.yaml"), """
                Parameters:
                  Env: {Type: String}
                  Subnets: {Type: "List<AWS::EC2::Subnet::Id>"}
                Rules:
                  ProdOnly:
                    RuleCondition: !Equals [!Ref Env, prod]
                    Assertions:
                      - Assert: !Contains [[prod, staging], !Ref Env]
                      - Assert: !EachMemberEquals [!ValueOfAll ["AWS::EC2::Subnet::Id", VpcId], vpc-1]
                      - Assert: !EachMemberIn [!ValueOfAll ["AWS::EC2::Subnet::Id", VpcId], !RefAll "AWS::EC2::VPC::Id"]
                      - Assert: !And [!Not [!Equals [!Ref Env, ""]], !Or [!Equals [!ValueOf [Subnets, VpcId], vpc-1], !Equals [a, a]]]
                        AssertDescription: the subnets are in the production VPC
                Resources:
                  Queue:
                    Type: AWS::SQS::Queue
                """);
        assertEquals(List.of(), TemplateValidator.standard().validate(file));
    }

    @Test
    void rulesSectionFunctionsAreFindingsElsewhere() throws IOException {
        Path shortForm = Files.writeString(dir.resolve("short.yaml"), """
                Parameters:
                  Env: {Type: String}
                Conditions:
                  IsProd: !Contains [[prod], !Ref Env]
                Resources:
                  Queue:
                    Type: AWS::SQS::Queue
                """);
        List<Finding> findings = TemplateValidator.standard().validate(shortForm);
        Check.assertFindings(findings, "template-syntax@4");
        assertTrue(findings.get(0).message().contains("!Contains is a condition function of the Rules section"),
                findings.get(0).message());
        Path longForm = Files.writeString(dir.resolve("long.json"), """
                {"Parameters": {"Env": {"Type": "String"}},
                 "Resources": {"Queue": {"Type": "AWS::SQS::Queue",
                   "Properties": {"QueueName": {"Fn::ValueOf": ["Env", "Name"]}}}}}
                """);
        Check.assertFindings(TemplateValidator.standard().validate(longForm), "template-syntax@3");
    }
}
