package dev.userapi.pipeline.policy;

import static dev.userapi.pipeline.policy.Check.assertFindings;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SharedRoleRuleTest {
    private final Rule rule = new SharedRoleRule();

    @Test
    void theSecondFunctionOnARoleIsAFindingNamingTheFirst() {
        List<Finding> findings = Check.run(rule, """
                Resources:
                  Read:
                    Type: AWS::Lambda::Function
                    Properties:
                      Role: !GetAtt Role.Arn
                  Write:
                    Type: AWS::Lambda::Function
                    Properties:
                      Role: {"Fn::GetAtt": [Role, Arn]}
                  Imported:
                    Type: AWS::Lambda::Function
                    Properties:
                      Role: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/shared
                  AlsoImported:
                    Type: AWS::Lambda::Function
                    Properties:
                      Role: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/shared
                """);
        assertFindings(findings, "lambda-shared-role@9", "lambda-shared-role@17");
        assertTrue(findings.get(0).message().startsWith("Write runs as the same role as Read"), findings.get(0).message());
    }

    @Test
    void oneRolePerFunctionPasses() {
        assertFindings(Check.run(rule, """
                Resources:
                  Read:
                    Type: AWS::Lambda::Function
                    Properties:
                      Role: !GetAtt ReadRole.Arn
                  Write:
                    Type: AWS::Lambda::Function
                    Properties:
                      Role: !GetAtt WriteRole.Arn
                """));
    }
}
