package dev.userapi.pipeline.policy;

import static dev.userapi.pipeline.policy.Check.assertFindings;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LambdaPermissionRuleTest {
    private final Rule rule = new LambdaPermissionRule();

    @Test
    void servicePermissionsWithoutSourceArnOrSourceAccountAreFindings() {
        assertFindings(Check.run(rule, """
                Resources:
                  NoSourceArn:
                    Type: AWS::Lambda::Permission
                    Properties:
                      Action: lambda:InvokeFunction
                      FunctionName: f
                      Principal: apigateway.amazonaws.com
                      SourceAccount: !Ref AWS::AccountId
                  NoSourceAccount:
                    Type: AWS::Lambda::Permission
                    Properties:
                      Action: lambda:InvokeFunction
                      FunctionName: f
                      Principal: !Sub s3.${AWS::URLSuffix}
                      SourceArn: arn:aws:s3:::uploads
                  Anyone:
                    Type: AWS::Lambda::Permission
                    Properties:
                      Action: lambda:InvokeFunction
                      FunctionName: f
                      Principal: "*"
                """),
                "lambda-permission-source@7",
                "lambda-permission-source@14",
                "lambda-permission-source@21");
    }

    @Test
    void pinnedServicePermissionsAndIdentityGrantsPass() {
        assertFindings(Check.run(rule, """
                Resources:
                  FromApi:
                    Type: AWS::Lambda::Permission
                    Properties:
                      Action: lambda:InvokeFunction
                      FunctionName: f
                      Principal: apigateway.amazonaws.com
                      SourceAccount: !Ref AWS::AccountId
                      SourceArn: !Sub arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/GET/users/*
                  FromAccount:
                    Type: AWS::Lambda::Permission
                    Properties:
                      Action: lambda:InvokeFunction
                      FunctionName: f
                      Principal: "111111111111"
                  FromThisAccount:
                    Type: AWS::Lambda::Permission
                    Properties:
                      Action: lambda:InvokeFunction
                      FunctionName: f
                      Principal: !Ref AWS::AccountId
                  Api:
                    Type: AWS::ApiGateway::RestApi
                """));
    }

    @Test
    void aSourceArnThatNamesTheAccountNeedsNoSourceAccount() {
        assertFindings(Check.run(rule, """
                Resources:
                  FromRule:
                    Type: AWS::Lambda::Permission
                    Properties:
                      Action: lambda:InvokeFunction
                      FunctionName: f
                      Principal: events.amazonaws.com
                      SourceArn: !Sub arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/nightly
                  FromRuleInStack:
                    Type: AWS::Lambda::Permission
                    Properties:
                      Action: lambda:InvokeFunction
                      FunctionName: f
                      Principal: events.amazonaws.com
                      SourceArn: !GetAtt Nightly.Arn
                  FromTopic:
                    Type: AWS::Lambda::Permission
                    Properties:
                      Action: lambda:InvokeFunction
                      FunctionName: f
                      Principal: sns.amazonaws.com
                      SourceArn: !Ref Topic
                  FromLiteralTopic:
                    Type: AWS::Lambda::Permission
                    Properties:
                      Action: lambda:InvokeFunction
                      FunctionName: f
                      Principal: sns.amazonaws.com
                      SourceArn: arn:aws:sns:eu-west-1:111111111111:alerts
                  FromOrg:
                    Type: AWS::Lambda::Permission
                    Properties:
                      Action: lambda:InvokeFunction
                      FunctionName: f
                      Principal: "*"
                      PrincipalOrgID: o-abc123
                  Nightly:
                    Type: AWS::Events::Rule
                    Properties:
                      ScheduleExpression: rate(1 day)
                  Topic:
                    Type: AWS::SNS::Topic
                """));
    }

    @Test
    void whereTheSourceArnCannotNameAnAccountSourceAccountIsStillRequired() {
        List<Finding> findings = Check.run(rule, """
                Resources:
                  FromBucket:
                    Type: AWS::Lambda::Permission
                    Properties:
                      Action: lambda:InvokeFunction
                      FunctionName: f
                      Principal: s3.amazonaws.com
                      SourceArn: !GetAtt Uploads.Arn
                  FromAnyAccountsRule:
                    Type: AWS::Lambda::Permission
                    Properties:
                      Action: lambda:InvokeFunction
                      FunctionName: f
                      Principal: events.amazonaws.com
                      SourceArn: arn:aws:events:eu-west-1:*:rule/nightly
                  FromComputedArn:
                    Type: AWS::Lambda::Permission
                    Properties:
                      Action: lambda:InvokeFunction
                      FunctionName: f
                      Principal: sns.amazonaws.com
                      SourceArn: !ImportValue shared-topic
                  FromRuleName:
                    Type: AWS::Lambda::Permission
                    Properties:
                      Action: lambda:InvokeFunction
                      FunctionName: f
                      Principal: events.amazonaws.com
                      SourceArn: !Ref Nightly
                  Uploads:
                    Type: AWS::S3::Bucket
                  Nightly:
                    Type: AWS::Events::Rule
                """);
        assertFindings(findings,
                "lambda-permission-source@7",
                "lambda-permission-source@14",
                "lambda-permission-source@21",
                "lambda-permission-source@28");
        assertTrue(findings.get(0).message().contains("does not name the account (an S3 bucket ARN never does)"),
                findings.get(0).message());
        assertTrue(findings.get(0).message().contains("add SourceAccount: !Ref AWS::AccountId"), findings.get(0).message());
    }

    @Test
    void everyoneMayInvokeSaysSo() {
        List<Finding> findings = Check.run(rule, """
                Resources:
                  Anyone:
                    Type: AWS::Lambda::Permission
                    Properties:
                      Action: lambda:InvokeFunction
                      FunctionName: f
                      Principal: "*"
                """);
        assertFindings(findings, "lambda-permission-source@7");
        assertTrue(findings.get(0).message().contains("the function is open to everyone"), findings.get(0).message());
    }

    private static final String ALIAS = """
            Resources:
              Fn:
                Type: AWS::Lambda::Function
                Properties: {FunctionName: f, Runtime: java21, Handler: a.B, Role: r, Code: {ZipFile: x}}
              FnVersion:
                Type: AWS::Lambda::Version
                Properties: {FunctionName: !Ref Fn}
              FnAlias:
                Type: AWS::Lambda::Alias
                Properties: {FunctionName: !Ref Fn, FunctionVersion: !GetAtt FnVersion.Version, Name: live}
              FromApi:
                Type: AWS::Lambda::Permission
                Properties:
                  Action: lambda:InvokeFunction
                  FunctionName: %s
                  Principal: apigateway.amazonaws.com
            %s
            """;

    @Test
    void aPermissionOnAnAliasStillNeedsSourceArnAndSourceAccount() {
        for (String alias : List.of("!Ref FnAlias", "!GetAtt FnAlias.AliasArn", "!Sub ${Fn.Arn}:live")) {
            List<Finding> findings = Check.run(rule, ALIAS.formatted(alias, ""));
            assertFindings(findings, "lambda-permission-source@16", "lambda-permission-source@16");
            assertTrue(findings.get(0).message().startsWith("FromApi lets apigateway.amazonaws.com invoke FnAlias (alias live of Fn) "
                    + "from any source"), alias + ": " + findings.get(0).message());
            assertTrue(findings.get(1).message().contains("invoke FnAlias (alias live of Fn) for any account"), findings.get(1).message());
        }
        List<Finding> version = Check.run(rule, ALIAS.formatted("!Ref FnVersion", "      SourceAccount: !Ref AWS::AccountId"));
        assertFindings(version, "lambda-permission-source@16");
        assertTrue(version.get(0).message().contains("invoke FnVersion (a version of Fn) from any source"), version.get(0).message());
    }

    @Test
    void aPinnedPermissionOnAnAliasPasses() {
        String pinned = "      SourceAccount: !Ref AWS::AccountId\n"
                + "      SourceArn: !Sub arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/GET/users/*";
        for (String alias : List.of("!Ref FnAlias", "!GetAtt FnAlias.AliasArn", "!Sub ${Fn.Arn}:live")) {
            assertFindings(Check.run(rule, ALIAS.formatted(alias, pinned)));
        }
    }
}
