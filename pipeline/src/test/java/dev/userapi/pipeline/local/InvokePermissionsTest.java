package dev.userapi.pipeline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userapi.pipeline.local.LocalApp.LocalFunction;
import dev.userapi.pipeline.template.TemplateParser;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InvokePermissionsTest {

    /** One function behind GET /users/{id}, and one permission whose properties the test chooses. */
    private static LocalApp app(String permission) {
        return LocalAppReader.read(TemplateParser.parse(Path.of("p.yaml"), """
                Resources:
                  GetUser:
                    Type: AWS::Lambda::Function
                    Properties: {FunctionName: get-user, Runtime: java21, Handler: com.example.Get}
                  Perm:
                    Type: AWS::Lambda::Permission
                    Properties:
                %s
                  Api:
                    Type: AWS::ApiGateway::RestApi
                  Users:
                    Type: AWS::ApiGateway::Resource
                    Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: users}
                  User:
                    Type: AWS::ApiGateway::Resource
                    Properties: {RestApiId: !Ref Api, ParentId: !Ref Users, PathPart: "{id}"}
                  Get:
                    Type: AWS::ApiGateway::Method
                    Properties:
                      RestApiId: !Ref Api
                      ResourceId: !Ref User
                      HttpMethod: GET
                      Integration:
                        Type: AWS_PROXY
                        Uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${GetUser.Arn}/invocations
                  Stage:
                    Type: AWS::ApiGateway::Stage
                    Properties: {RestApiId: !Ref Api, StageName: v1}
                """.formatted(permission.indent(6).stripTrailing())), Map.of());
    }

    private static InvokePermissions.Decision decide(String permission, String method, String path) {
        LocalApp app = app(permission);
        LocalFunction f = app.functions().get("GetUser");
        return new InvokePermissions(app).decide(f, method, path);
    }

    private static final String GOOD = """
            Action: lambda:InvokeFunction
            FunctionName: !GetAtt GetUser.Arn
            Principal: apigateway.amazonaws.com
            SourceAccount: !Ref AWS::AccountId
            SourceArn: !Sub arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/GET/users/*""";

    @Test
    void theRequestArnNamesApiStageMethodAndPath() {
        LocalApp app = app(GOOD);
        assertEquals("arn:aws:execute-api:us-east-1:123456789012:" + app.api().id() + "/v1/GET/users/42",
                new InvokePermissions(app).requestArn("GET", "/users/42"));
    }

    @Test
    void aMatchingPermissionAllows() {
        InvokePermissions.Decision d = decide(GOOD, "GET", "/users/42");
        assertTrue(d.allowed(), d.reasons().toString());
        assertEquals("Perm", d.allowedBy());
    }

    @Test
    void anotherMethodOrPathIsDeniedAndTheReasonNamesBothArns() {
        InvokePermissions.Decision d = decide(GOOD.replace("/GET/users/*", "/POST/users"), "GET", "/users/42");
        assertFalse(d.allowed());
        String reason = d.reasons().getFirst();
        assertTrue(reason.startsWith("Perm (p.yaml:5): SourceArn arn:aws:execute-api:us-east-1:123456789012:"), reason);
        assertTrue(reason.contains("/*/POST/users does not match " + d.requestArn()), reason);
    }

    @Test
    void sourceAccountPrincipalAndActionMustAllowTheApi() {
        assertFalse(decide(GOOD.replace("SourceAccount: !Ref AWS::AccountId", "SourceAccount: \"999999999999\""), "GET", "/users/1").allowed());
        assertFalse(decide(GOOD.replace("apigateway.amazonaws.com", "s3.amazonaws.com"), "GET", "/users/1").allowed());
        assertFalse(decide(GOOD.replace("lambda:InvokeFunction", "lambda:GetFunction"), "GET", "/users/1").allowed());
        assertTrue(decide(GOOD.replace("lambda:InvokeFunction", "lambda:*"), "GET", "/users/1").allowed());
        assertTrue(decide(GOOD.replace("lambda:InvokeFunction", "Lambda:invokefunction"), "GET", "/users/1").allowed(),
                "IAM actions are case-insensitive");
    }

    @Test
    void withoutSourceArnOrSourceAccountAnyApiMayInvoke() {
        String open = "Action: lambda:InvokeFunction\nFunctionName: !GetAtt GetUser.Arn\nPrincipal: apigateway.amazonaws.com";
        assertTrue(decide(open, "DELETE", "/anything").allowed());
    }

    @Test
    void functionNameMayBeTheNameTheArnOrThePartialArn() {
        assertTrue(decide(GOOD.replace("!GetAtt GetUser.Arn", "!Ref GetUser"), "GET", "/users/1").allowed());
        assertTrue(decide(GOOD.replace("!GetAtt GetUser.Arn", "\"123456789012:function:get-user\""), "GET", "/users/1").allowed());
        InvokePermissions.Decision alias = decide(GOOD.replace("!GetAtt GetUser.Arn", "get-user:live"), "GET", "/users/1");
        assertFalse(alias.allowed(), "a permission on an alias does not cover the unqualified function");
        assertEquals("no AWS::Lambda::Permission names GetUser (get-user); a permission applies only to the function, version "
                + "or alias it names: Perm names get-user:live", alias.reasons().getFirst());
    }

    /** GET /users/{id} invokes the live alias of GetUser, and one permission whose properties the test chooses. */
    private static LocalApp aliasApp(String permission) {
        return LocalAppReader.read(TemplateParser.parse(Path.of("p.yaml"), """
                Resources:
                  GetUser:
                    Type: AWS::Lambda::Function
                    Properties: {FunctionName: get-user, Runtime: java21, Handler: com.example.Get}
                  GetUserVersion:
                    Type: AWS::Lambda::Version
                    Properties: {FunctionName: !Ref GetUser}
                  GetUserAlias:
                    Type: AWS::Lambda::Alias
                    Properties: {FunctionName: !Ref GetUser, FunctionVersion: !GetAtt GetUserVersion.Version, Name: live}
                  Perm:
                    Type: AWS::Lambda::Permission
                    Properties:
                %s
                  Api:
                    Type: AWS::ApiGateway::RestApi
                  Users:
                    Type: AWS::ApiGateway::Resource
                    Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: users}
                  Get:
                    Type: AWS::ApiGateway::Method
                    Properties:
                      RestApiId: !Ref Api
                      ResourceId: !Ref Users
                      HttpMethod: GET
                      Integration:
                        Type: AWS_PROXY
                        Uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${GetUserAlias}/invocations
                  Stage:
                    Type: AWS::ApiGateway::Stage
                    Properties: {RestApiId: !Ref Api, StageName: v1}
                """.formatted(permission.indent(6).stripTrailing())), Map.of());
    }

    private static InvokePermissions.Decision decideForAlias(String permission) {
        LocalApp app = aliasApp(permission);
        LocalApp.ApiRoute route = app.routes().getFirst();
        assertEquals("GetUser:live", route.target(), "the integration invokes the alias");
        return new InvokePermissions(app).decide(app.functions().get(route.functionLogicalId()), route.qualifier(), "GET", "/users");
    }

    @Test
    void aRouteToAnAliasNeedsAPermissionOnThatAlias() {
        String onAlias = GOOD.replace("!GetAtt GetUser.Arn", "!Ref GetUserAlias").replace("/GET/users/*", "/GET/users");
        assertTrue(decideForAlias(onAlias).allowed(), "Ref of an alias is its ARN");
        assertTrue(decideForAlias(onAlias.replace("!Ref GetUserAlias", "!GetAtt GetUserAlias.AliasArn")).allowed());
        assertTrue(decideForAlias(onAlias.replace("!Ref GetUserAlias", "get-user:live")).allowed(), "NAME:alias");

        InvokePermissions.Decision onFunction = decideForAlias(onAlias.replace("!Ref GetUserAlias", "!GetAtt GetUser.Arn"));
        assertFalse(onFunction.allowed(), "Lambda applies a permission on the function to the unqualified ARN only");
        assertEquals("no AWS::Lambda::Permission names GetUser's live (get-user:live); a permission applies only to the function, "
                + "version or alias it names: Perm names arn:aws:lambda:us-east-1:123456789012:function:get-user", onFunction.reasons().getFirst());

        InvokePermissions.Decision otherSource = decideForAlias(onAlias.replace("/GET/users", "/POST/users"));
        assertFalse(otherSource.allowed(), "on the alias, SourceArn still has to match");
        assertTrue(otherSource.reasons().getFirst().contains("SourceArn"), otherSource.reasons().toString());
    }

    @Test
    void aSourceArnForOneIdAllowsOnlyThatId() {
        String one = GOOD.replace("/GET/users/*", "/GET/users/1");
        assertTrue(decide(one, "GET", "/users/1").allowed());
        assertFalse(decide(one, "GET", "/users/2").allowed());
    }
}
