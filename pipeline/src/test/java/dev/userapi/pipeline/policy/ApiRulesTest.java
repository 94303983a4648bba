package dev.userapi.pipeline.policy;

import static dev.userapi.pipeline.policy.Check.assertFindings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The API Gateway rules: authorization, access logging, invoke grants, deployments of the current routes. */
class ApiRulesTest {

    @Nested
    class MethodAuthorization {
        private final Rule rule = new ApiMethodAuthorizationRule();

        @Test
        void aMethodAnyoneMayCallIsAnError() {
            List<Finding> findings = Check.run(rule, """
                    Resources:
                      Delete:
                        Type: AWS::ApiGateway::Method
                        Properties:
                          HttpMethod: DELETE
                          AuthorizationType: NONE
                      Absent:
                        Type: AWS::ApiGateway::Method
                        Properties:
                          HttpMethod: POST
                    """);
            assertFindings(findings, "apigateway-method-auth@6", "apigateway-method-auth@7");
            assertTrue(findings.get(0).message().startsWith("Delete lets anyone call it (AuthorizationType NONE)"), findings.get(0).message());
        }

        @Test
        void iamAuthorizersCorsPreflightAndAWrittenWaiverPass() {
            assertFindings(Check.run(rule, """
                    Resources:
                      Get:
                        Type: AWS::ApiGateway::Method
                        Properties: {HttpMethod: GET, AuthorizationType: AWS_IAM}
                      Cognito:
                        Type: AWS::ApiGateway::Method
                        Properties: {HttpMethod: GET, AuthorizationType: COGNITO_USER_POOLS}
                      Preflight:
                        Type: AWS::ApiGateway::Method
                        Properties: {HttpMethod: OPTIONS, AuthorizationType: NONE}
                      Health:
                        Type: AWS::ApiGateway::Method
                        Metadata:
                          pipeline-validate:
                            ignore:
                              apigateway-method-auth: the load balancer's health check, answers 200 and nothing else
                        Properties: {HttpMethod: GET, AuthorizationType: NONE}
                    """));
        }
    }

    @Nested
    class AccessLogging {
        private final Rule rule = new ApiAccessLoggingRule();

        @Test
        void aStageOrADeploymentsOwnStageWithoutAnAccessLogIsAnError() {
            assertFindings(Check.run(rule, """
                    Resources:
                      Stage:
                        Type: AWS::ApiGateway::Stage
                        Properties:
                          StageName: v1
                          MethodSettings: [{ResourcePath: /*, HttpMethod: "*", MetricsEnabled: true}]
                      Deployment:
                        Type: AWS::ApiGateway::Deployment
                        Properties:
                          RestApiId: !Ref Api
                          StageName: prod
                    """), "apigateway-access-logging@2", "apigateway-access-logging@11");
        }

        @Test
        void stagesWithAnAccessLogPass() {
            assertFindings(Check.run(rule, """
                    Resources:
                      Stage:
                        Type: AWS::ApiGateway::Stage
                        Properties:
                          AccessLogSetting:
                            DestinationArn: !GetAtt Logs.Arn
                            Format: '{"requestId":"$context.requestId"}'
                      Deployment:
                        Type: AWS::ApiGateway::Deployment
                        Properties:
                          RestApiId: !Ref Api
                          StageName: prod
                          StageDescription:
                            AccessLogSetting: {DestinationArn: !GetAtt Logs.Arn}
                      StagelessDeployment:
                        Type: AWS::ApiGateway::Deployment
                        Properties: {RestApiId: !Ref Api}
                    """));
        }
    }

    @Nested
    class InvokeScope {
        private final Rule rule = new ApiInvokeScopeRule();

        @Test
        void invokeOnEverythingOrOnAWholeApiOfTheTemplateIsAnError() {
            List<Finding> findings = Check.run(rule, """
                    Resources:
                      Api:
                        Type: AWS::ApiGateway::RestApi
                      Everything:
                        Type: AWS::IAM::ManagedPolicy
                        Properties:
                          PolicyDocument:
                            Statement:
                              - Effect: Allow
                                Action: execute-api:Invoke
                                Resource: "*"
                      WholeApi:
                        Type: AWS::IAM::Role
                        Properties:
                          Policies:
                            - PolicyName: all
                              PolicyDocument:
                                Statement:
                                  - Effect: Allow
                                    Action: [execute-api:Invoke]
                                    Resource:
                                      - !Sub arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*
                                      - !Sub arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/*/*
                    """);
            assertFindings(findings, "apigateway-invoke-scope@11", "apigateway-invoke-scope@22", "apigateway-invoke-scope@23");
            assertTrue(findings.get(0).message().startsWith("Everything may call every API of the account"), findings.get(0).message());
            assertTrue(findings.get(1).message().startsWith("WholeApi may call every method of ${Api}"), findings.get(1).message());
        }

        @Test
        void grantsNamingMethodsAndApisOutsideTheTemplatePass() {
            assertFindings(Check.run(rule, """
                    Resources:
                      Api:
                        Type: AWS::ApiGateway::RestApi
                      Reader:
                        Type: AWS::IAM::ManagedPolicy
                        Properties:
                          PolicyDocument:
                            Statement:
                              - Effect: Allow
                                Action: execute-api:Invoke
                                Resource:
                                  - !Sub arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/${Stage}/GET/users/*
                                  - !Sub arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${OtherApiId}/*
                    """));
        }
    }

    @Nested
    class DeploymentCurrent {
        private final Rule rule = new ApiDeploymentRule();
        private static final String API = """
                Resources:
                  Api:
                    Type: AWS::ApiGateway::RestApi
                    Properties: {Name: a}
                  Users:
                    Type: AWS::ApiGateway::Resource
                    Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: users}
                  Get:
                    Type: AWS::ApiGateway::Method
                    Properties: {RestApiId: !Ref Api, ResourceId: !Ref Users, HttpMethod: GET, AuthorizationType: AWS_IAM}
                  %s:
                    Type: AWS::ApiGateway::Deployment
                    Properties: {RestApiId: !Ref Api}
                %s""";

        @Test
        void aFixedLogicalIdIsAnErrorNamingTheIdToUse() {
            List<Finding> findings = Check.run(rule, API.formatted("ApiDeployment", ""));
            assertFindings(findings, "apigateway-deployment-current@11");
            assertTrue(findings.get(0).message().matches("ApiDeployment does not match Api's routes as they are now, .*rename it to "
                    + "ApiDeployment[0-9A-F]{10} .*"), findings.get(0).message());
        }

        @Test
        void theNamedIdPassesUntilARouteChangesThenTheIdChanges() {
            String expected = Check.run(rule, API.formatted("ApiDeployment", "")).get(0).message()
                    .replaceAll(".*rename it to (ApiDeployment[0-9A-F]{10}).*", "$1");
            assertFindings(Check.run(rule, API.formatted(expected, "")));

            String withRoute = API.formatted(expected, """
                      Post:
                        Type: AWS::ApiGateway::Method
                        Properties: {RestApiId: !Ref Api, ResourceId: !Ref Users, HttpMethod: POST, AuthorizationType: AWS_IAM}
                    """);
            List<Finding> stale = Check.run(rule, withRoute);
            assertFindings(stale, "apigateway-deployment-current@11");
            String next = stale.get(0).message().replaceAll(".*rename it to (ApiDeployment[0-9A-F]{10}).*", "$1");
            assertTrue(!next.equals(expected), "a new route, a new deployment id");
            assertFindings(Check.run(rule, API.formatted(next, """
                      Post:
                        Type: AWS::ApiGateway::Method
                        Properties: {RestApiId: !Ref Api, ResourceId: !Ref Users, HttpMethod: POST, AuthorizationType: AWS_IAM}
                    """)));
            assertEquals(expected, Check.run(rule, API.formatted("Other", "")).get(0).message()
                    .replaceAll(".*rename it to Other([0-9A-F]{10}).*", "ApiDeployment$1"), "the hash depends on the API, not on the name");
        }
    }
}
