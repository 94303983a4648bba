package dev.userapi.pipeline.policy;

import static dev.userapi.pipeline.policy.Check.assertFindings;

import org.junit.jupiter.api.Test;

class TableProtectionRuleTest {
    private final Rule rule = new TableProtectionRule();

    @Test
    void tablesWithoutRecoveryOrDeletionProtectionAreFindings() {
        assertFindings(Check.run(rule, """
                Resources:
                  Bare:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      BillingMode: PAY_PER_REQUEST
                  Off:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      PointInTimeRecoverySpecification:
                        PointInTimeRecoveryEnabled: false
                      DeletionProtectionEnabled: "false"
                  Global:
                    Type: AWS::DynamoDB::GlobalTable
                    Properties:
                      Replicas:
                        - Region: eu-west-1
                          DeletionProtectionEnabled: true
                          PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}
                        - Region: us-east-1
                          DeletionProtectionEnabled: true
                """),
                "table-protection@4",
                "table-protection@4",
                "table-protection@9",
                "table-protection@11",
                "table-protection@19");
    }

    @Test
    void protectedTablesPass() {
        assertFindings(Check.run(rule, """
                Parameters:
                  Recover:
                    Type: String
                Resources:
                  Table:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      PointInTimeRecoverySpecification:
                        PointInTimeRecoveryEnabled: true
                      DeletionProtectionEnabled: true
                  Chosen:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      PointInTimeRecoverySpecification:
                        PointInTimeRecoveryEnabled: !Ref Recover
                      DeletionProtectionEnabled: "true"
                  Global:
                    Type: AWS::DynamoDB::GlobalTable
                    Properties:
                      Replicas:
                        - Region: eu-west-1
                          DeletionProtectionEnabled: true
                          PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}
                """));
    }
}
