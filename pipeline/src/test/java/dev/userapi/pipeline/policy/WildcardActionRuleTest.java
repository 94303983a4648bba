package dev.userapi.pipeline.policy;

import static dev.userapi.pipeline.policy.Check.assertFindings;

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
}
