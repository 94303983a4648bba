package dev.userapi.pipeline.policy;

import static dev.userapi.pipeline.policy.Check.assertFindings;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LogRetentionRuleTest {
    private final Rule rule = new LogRetentionRule();

    @Test
    void logGroupsWithoutRetentionAndFunctionsWithoutADeclaredGroupAreFindings() {
        var findings = Check.run(rule, """
                Resources:
                  Forever:
                    Type: AWS::Logs::LogGroup
                    Properties:
                      LogGroupName: /app/forever
                  Orphan:
                    Type: AWS::Lambda::Function
                    Properties:
                      FunctionName: orphan
                """);
        assertFindings(findings, "log-retention@4", "log-retention@8");
        assertEquals(Level.WARNING, findings.get(0).level());
    }

    @Test
    void retainedGroupsAndFunctionsThatUseThemPass() {
        assertFindings(Check.run(rule, """
                Resources:
                  Group:
                    Type: AWS::Logs::LogGroup
                    Properties:
                      RetentionInDays: 30
                  ByConfig:
                    Type: AWS::Lambda::Function
                    Properties:
                      LoggingConfig:
                        LogGroup: !Ref Group
                  NamedGroup:
                    Type: AWS::Logs::LogGroup
                    Properties:
                      LogGroupName: !Sub /aws/lambda/${AWS::StackName}-by-name
                      RetentionInDays: 7
                  ByName:
                    Type: AWS::Lambda::Function
                    Properties:
                      FunctionName: !Sub ${AWS::StackName}-by-name
                """));
    }

    @Test
    void aLogGroupNamedThroughARefToTheFunctionIsItsGroup() {
        assertFindings(Check.run(rule, """
                Resources:
                  Worker:
                    Type: AWS::Lambda::Function
                    Properties:
                      Runtime: java21
                  WorkerLogs:
                    Type: AWS::Logs::LogGroup
                    Properties:
                      LogGroupName: !Sub /aws/lambda/${Worker}
                      RetentionInDays: 14
                  Joined:
                    Type: AWS::Lambda::Function
                    Properties:
                      Runtime: java21
                  JoinedLogs:
                    Type: AWS::Logs::LogGroup
                    Properties:
                      LogGroupName: !Join ["", [/aws/lambda/, !Ref Joined]]
                      RetentionInDays: 14
                  Mapped:
                    Type: AWS::Lambda::Function
                    Properties:
                      FunctionName: !Sub ${AWS::StackName}-mapped
                  MappedLogs:
                    Type: AWS::Logs::LogGroup
                    Properties:
                      LogGroupName: !Sub ["/aws/lambda/${Name}", {Name: !Ref Mapped}]
                      RetentionInDays: 14
                """));
    }

    @Test
    void aLogGroupOfAnotherFunctionDoesNotCount() {
        assertFindings(Check.run(rule, """
                Resources:
                  Worker:
                    Type: AWS::Lambda::Function
                    Properties:
                      Runtime: java21
                  Other:
                    Type: AWS::Lambda::Function
                    Properties:
                      Runtime: java21
                  OtherLogs:
                    Type: AWS::Logs::LogGroup
                    Properties:
                      LogGroupName: !Join ["", [/aws/lambda/, !Ref Other]]
                      RetentionInDays: 14
                """), "log-retention@4");
    }
}
