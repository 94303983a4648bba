package dev.userapi.pipeline.policy;

import static dev.userapi.pipeline.policy.Check.assertFindings;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustPolicyPublicRuleTest {
    private final Rule rule = new TrustPolicyPublicRule();

    @Test
    void aTrustPolicyAnyoneMayUseIsAFinding() {
        List<Finding> findings = Check.run(rule, """
                Resources:
                  Open:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument:
                        Statement:
                          - Effect: Allow
                            Principal: {AWS: "*"}
                            Action: sts:AssumeRole
                  Star:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument:
                        Statement:
                          - Effect: Allow
                            Principal: "*"
                            Action: sts:AssumeRole
                            Condition: {StringEquals: {sts:ExternalId: shared-secret}}
                  Wildcarded:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument:
                        Statement:
                          - Effect: Allow
                            Principal: {AWS: ["*"]}
                            Action: sts:AssumeRole
                            Condition: {StringLike: {aws:PrincipalAccount: "*"}}
                """);
        assertFindings(findings, "iam-trust-anyone@8", "iam-trust-anyone@16", "iam-trust-anyone@25");
        assertTrue(findings.get(0).message().contains("Open can be assumed by anyone"), findings.get(0).message());
    }

    @Test
    void namedPrincipalsAndNarrowedWildcardsPass() {
        assertFindings(Check.run(rule, """
                Resources:
                  Named:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument:
                        Statement:
                          - Effect: Allow
                            Principal: {AWS: arn:aws:iam::111111111111:role/ci}
                            Action: sts:AssumeRole
                  Org:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument:
                        Statement:
                          - Effect: Allow
                            Principal: {AWS: "*"}
                            Action: sts:AssumeRole
                            Condition: {StringEquals: {aws:PrincipalOrgID: o-abc123}}
                  Service:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument:
                        Statement:
                          - Effect: Allow
                            Principal: {Service: lambda.amazonaws.com}
                            Action: sts:AssumeRole
                """));
    }
}
