package dev.userapi.pipeline.policy;

import static dev.userapi.pipeline.policy.Check.assertFindings;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ManagedPolicyRuleTest {
    private final Rule rule = new ManagedPolicyRule();

    @Test
    void awsManagedPoliciesThatGrantEverythingOrWholeServicesAreFindings() {
        List<Finding> findings = Check.run(rule, """
                Resources:
                  Admin:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument: {}
                      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
                  Wide:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument: {}
                      ManagedPolicyArns:
                        - !Sub arn:${AWS::Partition}:iam::aws:policy/PowerUserAccess
                        - arn:aws:iam::aws:policy/IAMFullAccess
                        - arn:aws:iam::aws:policy/AmazonS3FullAccess
                        - arn:aws:iam::aws:policy/job-function/SystemAdministrator
                        - arn:aws:iam::aws:policy/AmazonAthenaFullAccess
                  Person:
                    Type: AWS::IAM::User
                    Properties:
                      ManagedPolicyArns: [!Join ["", ["arn:", !Ref AWS::Partition, ":iam::aws:policy/AmazonDynamoDBFullAccess"]], arn:aws:iam::aws:policy/ReadOnlyAccess]
                """);
        assertFindings(findings,
                "iam-managed-policy-broad@6",
                "iam-managed-policy-broad@12",
                "iam-managed-policy-broad@13",
                "iam-managed-policy-broad@14",
                "iam-managed-policy-broad@15",
                "iam-managed-policy-broad@16",
                "iam-managed-policy-broad@20",
                "iam-managed-policy-broad@20");
        assertTrue(findings.get(0).message().contains("AdministratorAccess, which allows every action on everything"), findings.get(0).message());
        assertTrue(findings.get(3).message().contains("AmazonS3FullAccess"), findings.get(3).message());
    }

    @Test
    void samPoliciesNamingBroadAwsManagedPoliciesAreFindings() {
        assertFindings(Check.run(rule, """
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Policies:
                        - AmazonDynamoDBFullAccess
                        - arn:aws:iam::aws:policy/AdministratorAccess
                        - AWSLambdaBasicExecutionRole
                        - DynamoDBReadPolicy: {TableName: users}
                        - Statement: [{Effect: Allow, Action: s3:GetObject, Resource: arn:aws:s3:::b/*}]
                """), "iam-managed-policy-broad@7", "iam-managed-policy-broad@8");
    }

    @Test
    void narrowAwsManagedAndCustomerManagedPoliciesPass() {
        assertFindings(Check.run(rule, """
                Parameters:
                  Extra: {Type: String}
                Resources:
                  Worker:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument: {}
                      ManagedPolicyArns:
                        - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
                        - arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess
                        - arn:aws:iam::111111111111:policy/AdministratorAccess
                        - !Ref Extra
                        - !Ref Mine
                  Mine:
                    Type: AWS::IAM::ManagedPolicy
                    Properties:
                      PolicyDocument: {Statement: []}
                """));
    }
}
