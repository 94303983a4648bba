package dev.userapi.pipeline.policy;

import static dev.userapi.pipeline.policy.Check.assertFindings;

import org.junit.jupiter.api.Test;

class LambdaTrustRuleTest {
    private final Rule rule = new LambdaTrustRule();

    @Test
    void lambdaTrustWithoutAPinnedSourceAccountIsAFinding() {
        assertFindings(Check.run(rule, """
                Resources:
                  Bare:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument:
                        Statement:
                          - Effect: Allow
                            Principal: {Service: [events.amazonaws.com, lambda.amazonaws.com]}
                            Action: sts:AssumeRole
                  OnlyPresent:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument:
                        Statement:
                          - Effect: Allow
                            Principal:
                              Service: lambda.amazonaws.com
                            Action: sts:AssumeRole
                            Condition:
                              "Null": {aws:SourceAccount: "false"}
                              StringEqualsIfExists: {aws:SourceAccount: "111111111111"}
                """),
                "lambda-trust-source-account@8",
                "lambda-trust-source-account@17");
    }

    @Test
    void aPinnedSourceAccountPassesAndOtherServicesAreNotThisRulesConcern() {
        assertFindings(Check.run(rule, """
                Resources:
                  Fn:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument:
                        Statement:
                          - Effect: Allow
                            Principal: {Service: lambda.amazonaws.com}
                            Action: sts:AssumeRole
                            Condition:
                              StringEquals: {AWS:SourceAccount: !Ref AWS::AccountId}
                  Events:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument:
                        Statement:
                          - Effect: Allow
                            Principal: {Service: events.amazonaws.com}
                            Action: sts:AssumeRole
                """));
    }
}
