package dev.userapi.pipeline.policy;

import static dev.userapi.pipeline.policy.Check.assertFindings;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class WildcardActionRuleTest {
    private final Rule rule = new WildcardActionRule();

    @Test
    void starServiceStarAndNotActionInAllowStatementsAreFindings() {
        assertFindings(Check.run(rule, """
                Conditions:
                  Wide: !Equals [a, b]
                Resources:
                  Role:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument:
                        Statement:
                          Effect: Allow
                          Principal: {Service: lambda.amazonaws.com}
                          Action: "*"
                      Policies:
                        - PolicyName: p
                          PolicyDocument:
                            Statement:
                              - Effect: Allow
                                Action:
                                  - dynamodb:GetItem
                                  - dynamodb:*
                                  - "*:Describe*"
                                Resource: "*"
                              - Effect: Allow
                                Action: !If [Wide, "s3:*", s3:GetObject]
                                Resource: arn:aws:s3:::b/*
                  Managed:
                    Type: AWS::IAM::ManagedPolicy
                    Properties:
                      PolicyDocument: '{"Statement": {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}}'
                  BucketPolicy:
                    Type: AWS::S3::BucketPolicy
                    Properties:
                      Bucket: b
                      PolicyDocument:
                        Statement:
                          - Effect: Allow
                            Principal: {AWS: arn:aws:iam::111111111111:root}
                            Action: s3:*
                            Resource: arn:aws:s3:::b/*
                """),
                "iam-wildcard-action@11",
                "iam-wildcard-action@19",
                "iam-wildcard-action@20",
                "iam-wildcard-action@23",
                "iam-wildcard-action@28",
                "iam-wildcard-action@37");
    }

    @Test
    void listedActionsAndBroadDeniesPass() {
        assertFindings(Check.run(rule, """
                Resources:
                  Role:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument:
                        Statement:
                          - Effect: Allow
                            Principal: {Service: lambda.amazonaws.com}
                            Action: sts:AssumeRole
                      Policies:
                        - PolicyName: p
                          PolicyDocument:
                            Statement:
                              - Effect: Allow
                                Action: [dynamodb:GetItem, "s3:Get*"]
                                Resource: arn:aws:dynamodb:eu-west-1:111111111111:table/t
                              - Effect: Deny
                                Action: "*"
                                Resource: "*"
                                Condition: {Bool: {aws:SecureTransport: "false"}}
                              - Effect: Deny
                                NotAction: s3:GetObject
                                Resource: "*"
                """));
    }

    @Test
    void awsDefaultKeyPolicyDelegatingToThisAccountIsNotAFinding() {
        assertFindings(Check.run(rule, """
                Resources:
                  Key:
                    Type: AWS::KMS::Key
                    Properties:
                      KeyPolicy:
                        Version: "2012-10-17"
                        Statement:
                          - Sid: Enable IAM User Permissions
                            Effect: Allow
                            Principal: {AWS: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}
                            Action: kms:*
                            Resource: "*"
                  OtherKey:
                    Type: AWS::KMS::Key
                    Properties:
                      KeyPolicy:
                        Statement:
                          - Effect: Allow
                            Principal: {AWS: !Ref AWS::AccountId}
                            Action: kms:*
                            Resource: "*"
                """));
    }

    @Test
    void aKeyPolicyGrantingAWholeServiceToAnotherAccountOrEveryoneIsStillAFinding() {
        List<Finding> findings = Check.run(rule, """
                Resources:
                  Key:
                    Type: AWS::KMS::Key
                    Properties:
                      KeyPolicy:
                        Statement:
                          - Effect: Allow
                            Principal: {AWS: arn:aws:iam::999999999999:root}
                            Action: kms:*
                            Resource: "*"
                          - Effect: Allow
                            Principal: {AWS: [!Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:root", "*"]}
                            Action: kms:*
                            Resource: "*"
                """);
        assertFindings(findings, "iam-wildcard-action@9", "iam-wildcard-action@13");
        assertTrue(findings.get(0).message().contains("the principals of the key need"), findings.get(0).message());
    }
}
