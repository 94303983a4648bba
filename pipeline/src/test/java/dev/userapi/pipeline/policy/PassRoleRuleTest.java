package dev.userapi.pipeline.policy;

import static dev.userapi.pipeline.policy.Check.assertFindings;

import org.junit.jupiter.api.Test;

class PassRoleRuleTest {
    private final Rule rule = new PassRoleRule();

    @Test
    void passRoleOnAnyRoleOrToAnyServiceIsAFinding() {
        assertFindings(Check.run(rule, """
                Resources:
                  Deployer:
                    Type: AWS::IAM::Policy
                    Properties:
                      PolicyDocument:
                        Statement:
                          - Effect: Allow
                            Action: iam:PassRole
                            Resource: "*"
                            Condition:
                              StringEquals: {iam:PassedToService: lambda.amazonaws.com}
                          - Effect: Allow
                            Action: "iam:Pass*"
                            Resource: !GetAtt ExecRole.Arn
                          - Effect: Allow
                            Action: iam:*
                            Resource: arn:aws:iam::111111111111:role/*
                            Condition:
                              "Null": {iam:PassedToService: "false"}
                """),
                "iam-passrole-scope@9",
                "iam-passrole-scope@13",
                "iam-passrole-scope@17",
                "iam-passrole-scope@18");
    }

    @Test
    void oneRoleToOneServicePasses() {
        assertFindings(Check.run(rule, """
                Resources:
                  Deployer:
                    Type: AWS::IAM::Policy
                    Properties:
                      PolicyDocument:
                        Statement:
                          - Effect: Allow
                            Action: iam:PassRole
                            Resource: !GetAtt ExecRole.Arn
                            Condition:
                              StringEquals: {iam:PassedToService: cloudformation.amazonaws.com}
                          - Effect: Allow
                            Action: iam:GetRole
                            Resource: "*"
                """));
    }
}
