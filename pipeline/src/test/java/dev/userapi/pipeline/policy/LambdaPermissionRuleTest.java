package dev.userapi.pipeline.policy;

import static dev.userapi.pipeline.policy.Check.assertFindings;

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
}
