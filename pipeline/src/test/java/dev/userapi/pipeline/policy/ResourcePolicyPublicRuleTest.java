package dev.userapi.pipeline.policy;

import static dev.userapi.pipeline.policy.Check.assertFindings;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResourcePolicyPublicRuleTest {
    private final Rule rule = new ResourcePolicyPublicRule();

    @Test
    void everyoneWithoutANarrowingConditionIsAFindingOnEveryKindOfResourcePolicy() {
        List<Finding> findings = Check.run(rule, """
                Resources:
                  Key:
                    Type: AWS::KMS::Key
                    Properties:
                      KeyPolicy:
                        Statement:
                          - Effect: Allow
                            Principal: "*"
                            Action: kms:Decrypt
                            Resource: "*"
                  BucketPolicy:
                    Type: AWS::S3::BucketPolicy
                    Properties:
                      Bucket: b
                      PolicyDocument:
                        Statement:
                          - Effect: Allow
                            Principal: {AWS: ["arn:aws:iam::111111111111:root", "*"]}
                            Action: s3:GetObject
                            Resource: arn:aws:s3:::b/*
                  QueuePolicy:
                    Type: AWS::SQS::QueuePolicy
                    Properties:
                      Queues: [q]
                      PolicyDocument:
                        Statement:
                          - Effect: Allow
                            Principal: {AWS: "*"}
                            Action: sqs:SendMessage
                            Resource: "*"
                            Condition: {StringEqualsIfExists: {aws:SourceAccount: "111111111111"}}
                  TopicPolicy:
                    Type: AWS::SNS::TopicPolicy
                    Properties:
                      Topics: [t]
                      PolicyDocument:
                        Statement:
                          - Effect: Allow
                            NotPrincipal: {AWS: arn:aws:iam::111111111111:root}
                            Action: sns:Publish
                            Resource: "*"
                  Api:
                    Type: AWS::ApiGateway::RestApi
                    Properties:
                      Policy:
                        Statement:
                          - Effect: Allow
                            Principal: "*"
                            Action: execute-api:Invoke
                            Resource: execute-api:/*
                            Condition: {StringLike: {aws:PrincipalOrgID: "*"}}
                  Secret:
                    Type: AWS::SecretsManager::ResourcePolicy
                    Properties:
                      SecretId: s
                      ResourcePolicy:
                        Statement:
                          - Effect: Allow
                            Principal: {AWS: "*"}
                            Action: secretsmanager:GetSecretValue
                            Resource: "*"
                            Condition: {StringEquals: {kms:ViaService: secretsmanager.eu-west-1.amazonaws.com}}
                """);
        assertFindings(findings,
                "resource-policy-public@8",
                "resource-policy-public@18",
                "resource-policy-public@28",
                "resource-policy-public@39",
                "resource-policy-public@48",
                "resource-policy-public@59");
        assertTrue(findings.get(0).message().contains("the key is open to everyone"), findings.get(0).message());
        assertTrue(findings.get(1).message().contains("the bucket is open to everyone"), findings.get(1).message());
        assertTrue(findings.get(2).message().contains("the queue is open to everyone"), findings.get(2).message());
        assertTrue(findings.get(3).message().contains("NotPrincipal"), findings.get(3).message());
        assertTrue(findings.get(4).message().contains("the API is open to everyone"), findings.get(4).message());
        assertTrue(findings.get(5).message().contains("the secret is open to everyone"), findings.get(5).message());
    }

    @Test
    void namedPrincipalsNarrowingConditionsAndDenyUnlessVpcePass() {
        assertFindings(Check.run(rule, """
                Resources:
                  DefaultKey:
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
                          - Effect: Allow
                            Principal: {AWS: "*"}
                            Action: [kms:Decrypt, kms:GenerateDataKey*]
                            Resource: "*"
                            Condition:
                              StringEquals:
                                kms:CallerAccount: !Ref AWS::AccountId
                                kms:ViaService: !Sub s3.${AWS::Region}.amazonaws.com
                  OrgBucket:
                    Type: AWS::S3::BucketPolicy
                    Properties:
                      Bucket: b
                      PolicyDocument:
                        Statement:
                          - Effect: Allow
                            Principal: "*"
                            Action: s3:GetObject
                            Resource: arn:aws:s3:::b/*
                            Condition: {StringEquals: {aws:PrincipalOrgID: o-abc123}}
                          - Effect: Deny
                            Principal: "*"
                            Action: s3:*
                            Resource: arn:aws:s3:::b/*
                            Condition: {Bool: {aws:SecureTransport: "false"}}
                  FromS3:
                    Type: AWS::SNS::TopicPolicy
                    Properties:
                      Topics: [t]
                      PolicyDocument:
                        Statement:
                          - Effect: Allow
                            Principal: {Service: s3.amazonaws.com}
                            Action: sns:Publish
                            Resource: "*"
                          - Effect: Allow
                            Principal: {AWS: "*"}
                            Action: sns:Publish
                            Resource: "*"
                            Condition: {ArnLike: {aws:SourceArn: arn:aws:s3:::uploads}}
                  PrivateApi:
                    Type: AWS::ApiGateway::RestApi
                    Properties:
                      Policy:
                        Statement:
                          - Effect: Allow
                            Principal: "*"
                            Action: execute-api:Invoke
                            Resource: execute-api:/*
                          - Effect: Deny
                            Principal: "*"
                            Action: execute-api:Invoke
                            Resource: execute-api:/*
                            Condition: {StringNotEquals: {aws:SourceVpce: vpce-1a2b3c4d}}
                  Queue:
                    Type: AWS::SQS::QueuePolicy
                    Properties:
                      Queues: [q]
                      PolicyDocument:
                        Statement:
                          Effect: Allow
                          Principal: {AWS: !Ref AWS::AccountId}
                          Action: sqs:*
                          Resource: "*"
                  Role:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument:
                        Statement:
                          - Effect: Allow
                            Principal: {AWS: "*"}
                            Action: sts:AssumeRole
                """));
    }

    @Test
    void aDenyThatCoversOnlySomeOfTheActionsDoesNotNarrowTheRest() {
        assertFindings(Check.run(rule, """
                Resources:
                  Api:
                    Type: AWS::ApiGateway::RestApi
                    Properties:
                      Policy:
                        Statement:
                          - Effect: Allow
                            Principal: "*"
                            Action: [execute-api:Invoke, execute-api:ManageConnections]
                            Resource: execute-api:/*
                          - Effect: Deny
                            Principal: "*"
                            Action: execute-api:Invoke
                            Resource: execute-api:/*
                            Condition: {StringNotEquals: {aws:SourceVpce: vpce-1a2b3c4d}}
                """), "resource-policy-public@8");
    }

    @Test
    void aWaiverWithAReasonSilencesIt() {
        assertFindings(Check.run(rule, """
                Resources:
                  Site:
                    Type: AWS::S3::BucketPolicy
                    Metadata:
                      pipeline-validate:
                        ignore:
                          resource-policy-public: "public website: index.html and assets only"
                    Properties:
                      Bucket: site
                      PolicyDocument:
                        Statement:
                          - Effect: Allow
                            Principal: "*"
                            Action: s3:GetObject
                            Resource: arn:aws:s3:::site/*
                """));
    }
}
