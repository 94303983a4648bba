package dev.userapi.pipeline.policy;

import static dev.userapi.pipeline.policy.Check.assertFindings;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiLambdaPermissionRuleTest {
    private final Rule rule = new ApiLambdaPermissionRule();

    /** GET / invokes {@code %1$s}; the one permission names {@code %2$s}. */
    private static final String API = """
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
              Api:
                Type: AWS::ApiGateway::RestApi
              Get:
                Type: AWS::ApiGateway::Method
                Properties:
                  RestApiId: !Ref Api
                  ResourceId: !GetAtt Api.RootResourceId
                  HttpMethod: GET
                  AuthorizationType: AWS_IAM
                  Integration:
                    Type: AWS_PROXY
                    IntegrationHttpMethod: POST
                    Uri: !Sub arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/%1$s/invocations
              Permission:
                Type: AWS::Lambda::Permission
                Properties:
                  Action: lambda:InvokeFunction
                  FunctionName: %2$s
                  Principal: apigateway.amazonaws.com
                  SourceAccount: !Ref AWS::AccountId
                  SourceArn: !Sub arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/GET/
            """;

    @Test
    void aPermissionOnTheFunctionDoesNotCoverARouteToItsAlias() {
        List<Finding> findings = Check.run(rule, API.formatted("${FnAlias}", "!GetAtt Fn.Arn"));
        assertFindings(findings, "apigateway-lambda-permission@23");
        assertEquals("Get invokes FnAlias (alias live of Fn), but no AWS::Lambda::Permission for apigateway.amazonaws.com names it "
                + "(Permission names Fn; a permission covers only the function, alias or version it names): API Gateway would "
                + "answer 500; set the permission's FunctionName to what the integration invokes", findings.get(0).message());

        assertFindings(Check.run(rule, API.formatted("${Fn.Arn}", "!Ref FnAlias")), "apigateway-lambda-permission@23");
        assertFindings(Check.run(rule, API.formatted("${Fn.Arn}:live", "!Ref FnVersion")), "apigateway-lambda-permission@23");
    }

    @Test
    void aPermissionNamingWhatTheIntegrationInvokesPasses() {
        assertFindings(Check.run(rule, API.formatted("${FnAlias}", "!Ref FnAlias")));
        assertFindings(Check.run(rule, API.formatted("${FnAlias.AliasArn}", "!Ref FnAlias")));
        assertFindings(Check.run(rule, API.formatted("${FnAlias}", "!Sub ${Fn.Arn}:live")));
        assertFindings(Check.run(rule, API.formatted("${Fn.Arn}", "!GetAtt Fn.Arn")));
        assertFindings(Check.run(rule, API.formatted("${Fn.Arn}", "!Ref Fn")));
        assertFindings(Check.run(rule, API.formatted("${FnVersion}", "!Ref FnVersion")));
    }

    @Test
    void whatTheTemplateCannotTellIsNotAFinding() {
        // A permission by literal name may be the one the method needs; a function of another stack has its own.
        assertFindings(Check.run(rule, API.formatted("${FnAlias}", "f")));
        assertFindings(Check.run(rule, API.formatted("arn:aws:lambda:us-east-1:111111111111:function:other", "!GetAtt Fn.Arn")));
    }
}
