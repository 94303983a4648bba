package dev.userapi.pipeline.policy;

import static dev.userapi.pipeline.policy.Check.assertFindings;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class WildcardResourceRuleTest {
    private final Rule rule = new WildcardResourceRule();

    @Test
    void scopableActionsOnStarAreFindingsWithTheActionsNamed() {
        List<Finding> findings = Check.run(rule, """
                Resources:
                  Role:
                    Type: AWS::IAM::Role
                    Properties:
                      Policies:
                        - PolicyName: p
                          PolicyDocument:
                            Statement:
                              - Effect: Allow
                                Action: [dynamodb:PutItem, sts:GetCallerIdentity]
                                Resource: "*"
                              - Effect: Allow
                                Action: "logs:Describe*"
                                Resource: ["arn:aws:logs:*:*:log-group:x", "*"]
                              - Effect: Allow
                                Action: s3:GetObjekt
                                Resource: "*"
                              - Effect: Allow
                                Action: s3:GetObject
                                NotResource: arn:aws:s3:::secret/*
                  Boundary:
                    Type: AWS::IAM::ManagedPolicy
                    Properties:
                      PolicyDocument:
                        Statement:
                          Effect: Allow
                          Action: lambda:InvokeFunction
                          Resource: "*"
                """);
        assertFindings(findings,
                "iam-wildcard-resource@11",
                "iam-wildcard-resource@14",
                "iam-wildcard-resource@17",
                "iam-wildcard-resource@20",
                "iam-wildcard-resource@28");
        assertTrue(findings.get(0).message().contains("dynamodb:PutItem") && !findings.get(0).message().contains("GetCallerIdentity"),
                "only the scopable action is named: " + findings.get(0).message());
        assertTrue(findings.get(1).message().contains("logs:Describe*"), "wildcards expand to scopable actions: " + findings.get(1).message());
        assertTrue(findings.get(2).message().contains("does not know (misspelt?)"), findings.get(2).message());
    }

    @Test
    void actionsWithoutResourceTypesMayUseStarAndResourcePoliciesAreNotJudged() {
        assertFindings(Check.run(rule, """
                Resources:
                  Role:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument:
                        Statement:
                          Effect: Allow
                          Principal: {Service: lambda.amazonaws.com}
                          Action: sts:AssumeRole
                      Policies:
                        - PolicyName: p
                          PolicyDocument:
                            Statement:
                              - Effect: Allow
                                Action:
                                  - sts:GetCallerIdentity
                                  - logs:DescribeLogGroups
                                  - s3:ListAllMyBuckets
                                  - cloudformation:ValidateTemplate
                                  - "xray:PutTrace*"
                                Resource: "*"
                              - Effect: Allow
                                Action: dynamodb:GetItem
                                Resource: !GetAtt Table.Arn
                              - Effect: Deny
                                Action: dynamodb:DeleteTable
                                Resource: "*"
                  Key:
                    Type: AWS::KMS::Key
                    Properties:
                      KeyPolicy:
                        Statement:
                          Effect: Allow
                          Principal: {AWS: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}
                          Action: kms:Decrypt
                          Resource: "*"
                  Table:
                    Type: AWS::DynamoDB::Table
                """));
    }

    @Test
    void theCatalogueDecidesWhatIsScopable() throws IOException {
        IamActions tiny = IamActions.parse(new StringReader("""
                # a two-action service
                svc:list *
                svc:read
                """));
        Rule withTiny = new WildcardResourceRule(tiny);
        String template = """
                Resources:
                  P:
                    Type: AWS::IAM::Policy
                    Properties:
                      PolicyDocument:
                        Statement:
                          Effect: Allow
                          Action: %s
                          Resource: "*"
                """;
        assertFindings(Check.run(withTiny, template.formatted("svc:List")));
        assertFindings(Check.run(withTiny, template.formatted("svc:Read")), "iam-wildcard-resource@9");
        assertFindings(Check.run(withTiny, template.formatted("\"svc:L*\"")));
        assertFindings(Check.run(withTiny, template.formatted("\"svc:*\"")), "iam-wildcard-resource@9");
    }

    @Test
    void arnsMadeOnlyOfWildcardsCountAsStar() {
        List<Finding> findings = Check.run(rule, """
                Resources:
                  Role:
                    Type: AWS::IAM::Role
                    Properties:
                      Policies:
                        - PolicyName: p
                          PolicyDocument:
                            Statement:
                              - Effect: Allow
                                Action: [logs:CreateLogStream, logs:PutLogEvents]
                                Resource: arn:aws:logs:*:*:*
                              - Effect: Allow
                                Action: s3:GetObject
                                Resource: !Sub arn:${AWS::Partition}:s3:::*/*
                              - Effect: Allow
                                Action: dynamodb:GetItem
                                Resource: arn:aws:dynamodb:*:*:table/*
                              - Effect: Allow
                                Action: lambda:InvokeFunction
                                Resource: arn:aws:lambda:::function:*
                """);
        assertFindings(findings, "iam-wildcard-resource@11", "iam-wildcard-resource@14",
                "iam-wildcard-resource@17", "iam-wildcard-resource@20");
        assertTrue(findings.get(0).message().contains("\"arn:aws:logs:*:*:*\""), findings.get(0).message());
        assertTrue(findings.get(0).message().contains("as much as \"*\""), findings.get(0).message());
    }

    @Test
    void arnsWithAConcreteAccountOrNameAreNotStar() {
        assertFindings(Check.run(rule, """
                Resources:
                  Role:
                    Type: AWS::IAM::Role
                    Properties:
                      Policies:
                        - PolicyName: p
                          PolicyDocument:
                            Statement:
                              - Effect: Allow
                                Action: [logs:CreateLogStream, logs:PutLogEvents]
                                Resource: !Sub arn:${AWS::Partition}:logs:*:${AWS::AccountId}:log-group:/aws/lambda/app-*
                              - Effect: Allow
                                Action: s3:GetObject
                                Resource: [arn:aws:s3:::uploads/*, arn:aws:s3:::*-artifacts/app/*]
                              - Effect: Allow
                                Action: dynamodb:GetItem
                                Resource: arn:aws:dynamodb:*:*:table/users
                              - Effect: Allow
                                Action: execute-api:Invoke
                                Resource: arn:aws:execute-api:*:*:abc123/*
                """));
    }
}
