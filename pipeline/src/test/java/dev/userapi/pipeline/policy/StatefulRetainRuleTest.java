package dev.userapi.pipeline.policy;

import static dev.userapi.pipeline.policy.Check.assertFindings;

import org.junit.jupiter.api.Test;

class StatefulRetainRuleTest {
    private final Rule rule = new StatefulRetainRule();

    @Test
    void dataResourcesThatCloudFormationWouldDeleteAreFindings() {
        assertFindings(Check.run(rule, """
                Resources:
                  Table:
                    Type: AWS::DynamoDB::Table
                  Bucket:
                    Type: AWS::S3::Bucket
                    DeletionPolicy: Delete
                    UpdateReplacePolicy: Retain
                  TableSnapshot:
                    Type: AWS::DynamoDB::Table
                    DeletionPolicy: Snapshot
                    UpdateReplacePolicy: Retain
                  Db:
                    Type: AWS::RDS::DBInstance
                    DeletionPolicy: RetainExceptOnCreate
                    UpdateReplacePolicy: RetainExceptOnCreate
                """),
                "stateful-retain@2",
                "stateful-retain@2",
                "stateful-retain@6",
                "stateful-retain@10",
                "stateful-retain@15");
    }

    @Test
    void retainedOrSnapshottedDataAndStatelessResourcesPass() {
        assertFindings(Check.run(rule, """
                Conditions:
                  Prod: !Equals [a, b]
                Resources:
                  Table:
                    Type: AWS::DynamoDB::Table
                    DeletionPolicy: Retain
                    UpdateReplacePolicy: Retain
                  Db:
                    Type: AWS::RDS::DBCluster
                    DeletionPolicy: Snapshot
                    UpdateReplacePolicy: Snapshot
                  Bucket:
                    Type: AWS::S3::Bucket
                    DeletionPolicy: RetainExceptOnCreate
                    UpdateReplacePolicy: Retain
                  Chosen:
                    Type: AWS::S3::Bucket
                    DeletionPolicy: !If [Prod, Retain, Delete]
                    UpdateReplacePolicy: Retain
                  Logs:
                    Type: AWS::Logs::LogGroup
                  Queue:
                    Type: AWS::SQS::Queue
                  Fn:
                    Type: AWS::Lambda::Function
                """));
    }
}
