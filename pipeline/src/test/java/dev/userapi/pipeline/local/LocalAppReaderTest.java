package dev.userapi.pipeline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userapi.pipeline.local.LocalApp.ApiRoute;
import dev.userapi.pipeline.local.LocalApp.AttributeDefinition;
import dev.userapi.pipeline.local.LocalApp.InvokePermission;
import dev.userapi.pipeline.local.LocalApp.KeyElement;
import dev.userapi.pipeline.local.LocalApp.LocalFunction;
import dev.userapi.pipeline.local.LocalApp.LocalTable;
import dev.userapi.pipeline.template.Template;
import dev.userapi.pipeline.template.TemplateException;
import dev.userapi.pipeline.template.TemplateParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Routes, functions, tables and permissions come from the template: the project's app.yaml, then edge cases. */
class LocalAppReaderTest {
    private static final Path F = Path.of("t.yaml");

    private static LocalApp app() {
        return LocalAppReader.read(TemplateParser.parse(Fixtures.appTemplate()), Map.of());
    }

    @Test
    void theAppTemplatesRoutesComeFromItsResourcesAndMethods() {
        LocalApp app = app();
        List<String> routes = app.routes().stream()
                .map(r -> r.httpMethod() + " " + r.resourcePath() + " -> " + r.functionLogicalId()).toList();
        assertEquals(List.of("POST /users -> CreateUserFunction", "GET /users/{id} -> GetUserFunction",
                "DELETE /users/{id} -> DeleteUserFunction"), routes);
        assertEquals(List.of("live"), app.routes().stream().map(ApiRoute::qualifier).distinct().toList(),
                "the integrations invoke each function's live alias");
        assertTrue(app.api().resourcePaths().containsAll(List.of("/", "/users", "/users/{id}")));
        assertEquals("v1", app.api().stageName(), "StageName's default");
        assertTrue(app.api().id().matches("[a-z0-9]{10}"), app.api().id());
        assertEquals("user-api-local", app.environment().stackName(), "<AppName>-local");
        assertEquals(List.of(), app.warnings());
        assertEquals("{\"id\":\"1\",\"name\":\"John Doe\"}", app.routes().getFirst().exampleBody(),
                "the banner's curl for POST /users sends the README's body (CreateUserMethod's Metadata)");
    }

    @Test
    void eachFunctionsHandlerEnvironmentAndLimitsComeFromTheTemplate() {
        LocalFunction create = app().functions().get("CreateUserFunction");
        assertEquals("dev.userapi.functions.CreateUserHandler", create.handlerClass());
        assertEquals("handleRequest", create.handlerMethod());
        assertEquals("user-api-local-create-user", create.name());
        assertEquals("arn:aws:lambda:us-east-1:123456789012:function:user-api-local-create-user", create.arn());
        assertEquals("user-api-local-UsersTable", create.variables().get("TABLE_NAME"), "Ref to the table is its local name");
        assertEquals(10, create.timeoutSeconds());
        assertEquals(1024, create.memorySize(), "Ref FunctionMemorySize's default");
        assertEquals("/aws/lambda/user-api-local-create-user", create.logGroupName(), "LoggingConfig.LogGroup: Ref to the log group");
        assertEquals("dev.userapi.functions.GetUserHandler", app().functions().get("GetUserFunction").handlerClass());
        assertEquals("dev.userapi.functions.DeleteUserHandler", app().functions().get("DeleteUserFunction").handlerClass());
    }

    @Test
    void theTableComesFromTheTemplate() {
        LocalTable t = app().tables().getFirst();
        assertEquals("user-api-local-UsersTable", t.name());
        assertEquals(List.of(new KeyElement("id", "HASH")), t.keySchema());
        assertEquals(List.of(new AttributeDefinition("id", "S")), t.attributes());
        assertEquals("PAY_PER_REQUEST", t.billingMode());
    }

    @Test
    void permissionsAreEvaluatedWithTheLocalApiIdRegionAndAccount() {
        LocalApp app = app();
        InvokePermission create = app.permissions().stream().filter(p -> p.logicalId().equals("CreateUserPermission"))
                .findFirst().orElseThrow();
        assertEquals("arn:aws:execute-api:us-east-1:123456789012:" + app.api().id() + "/*/POST/users", create.sourceArn());
        assertEquals("123456789012", create.sourceAccount());
        assertEquals(app.functions().get("CreateUserFunction").arn() + ":live", create.functionName(), "Ref of the live alias is its ARN");
        assertEquals("apigateway.amazonaws.com", create.principal());
    }

    @Test
    void parametersChangeWhatIsDerived() {
        LocalApp app = LocalAppReader.read(TemplateParser.parse(Fixtures.appTemplate()),
                Map.of("AppName", "shop", "FunctionMemorySize", "2048", "StageName", "dev"));
        assertEquals("shop-local", app.environment().stackName());
        assertEquals("shop-local-UsersTable", app.tables().getFirst().name());
        assertEquals("shop-local-create-user", app.functions().get("CreateUserFunction").name());
        assertEquals(2048, app.functions().get("CreateUserFunction").memorySize());
        assertEquals("dev", app.api().stageName());
    }

    @Test
    void parameterOverridesMustBeParametersAndMeetTheirConstraints() {
        Template t = TemplateParser.parse(Fixtures.appTemplate());
        LocalException unknown = assertThrows(LocalException.class, () -> LocalAppReader.read(t, Map.of("Nope", "1")));
        assertTrue(unknown.getMessage().contains("has no parameter 'Nope'"), unknown.getMessage());
        LocalException pattern = assertThrows(LocalException.class, () -> LocalAppReader.read(t, Map.of("AppName", "Bad_Name")));
        assertTrue(pattern.getMessage().startsWith("--parameter AppName=Bad_Name: does not match the AllowedPattern"), pattern.getMessage());
        LocalException min = assertThrows(LocalException.class, () -> LocalAppReader.read(t, Map.of("FunctionMemorySize", "64")));
        assertTrue(min.getMessage().contains("less than MinValue 256"), min.getMessage());
        LocalException allowed = assertThrows(LocalException.class, () -> LocalAppReader.read(t, Map.of("LogRetentionDays", "2")));
        assertTrue(allowed.getMessage().contains("not one of the AllowedValues"), allowed.getMessage());
    }

    // ------------------------------------------------------------------ edge cases, on small templates

    private static final String API = """
            Parameters:
              NoDefault: {Type: String}
              Env: {Type: String, Default: dev}
            Conditions:
              IsProd: !Equals [!Ref Env, prod]
            Mappings:
              Sizes: {dev: {memory: 512}}
            Resources:
              Fn:
                Type: AWS::Lambda::Function
                Properties:
                  Runtime: java21
                  Handler: com.example.Handler
                  MemorySize: !FindInMap [Sizes, !Ref Env, memory]
                  Environment:
                    Variables:
                      JOINED: !Join ["-", [a, !Select [1, [x, y]], !Ref AWS::Region]]
                      CHOSEN: !If [IsProd, big, small]
                      DROPPED: !If [IsProd, here, !Ref AWS::NoValue]
                      SUBBED: !Sub ["${A}/${!Literal}/${AWS::AccountId}", {A: !GetAtt Table.Arn}]
              ProdOnly:
                Type: AWS::Lambda::Function
                Condition: IsProd
                Properties: {Runtime: java21, Handler: com.example.Prod}
              Table:
                Type: AWS::DynamoDB::Table
                Properties:
                  TableName: people
                  KeySchema: [{AttributeName: pk, KeyType: HASH}, {AttributeName: sk, KeyType: RANGE}]
                  AttributeDefinitions: [{AttributeName: pk, AttributeType: S}, {AttributeName: sk, AttributeType: N}]
                  ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 5}
              Api:
                Type: AWS::ApiGateway::RestApi
              Items:
                Type: AWS::ApiGateway::Resource
                Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: items}
              Get:
                Type: AWS::ApiGateway::Method
                Properties:
                  RestApiId: !Ref Api
                  ResourceId: !Ref Items
                  HttpMethod: get
                  AuthorizationType: AWS_IAM
                  Integration:
                    Type: AWS_PROXY
                    Uri: !Join ["", ["arn:aws:apigateway:", !Ref AWS::Region, ":lambda:path/2015-03-31/functions/", !GetAtt Fn.Arn, "/invocations"]]
              Mock:
                Type: AWS::ApiGateway::Method
                Properties:
                  RestApiId: !Ref Api
                  ResourceId: !GetAtt Api.RootResourceId
                  HttpMethod: GET
                  Integration: {Type: MOCK}
              Elsewhere:
                Type: AWS::ApiGateway::Method
                Properties:
                  RestApiId: !Ref Api
                  ResourceId: !Ref Items
                  HttpMethod: POST
                  Integration:
                    Type: AWS_PROXY
                    Uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:999999999999:function:other/invocations
            """;

    @Test
    void intrinsicsEvaluateAsCloudFormationWould() {
        LocalApp app = LocalAppReader.read(TemplateParser.parse(F, API), Map.of());
        LocalFunction fn = app.functions().get("Fn");
        assertEquals("a-y-us-east-1", fn.variables().get("JOINED"));
        assertEquals("small", fn.variables().get("CHOSEN"));
        assertNull(fn.variables().get("DROPPED"), "AWS::NoValue removes the variable");
        assertEquals("arn:aws:dynamodb:us-east-1:123456789012:table/people/${Literal}/123456789012", fn.variables().get("SUBBED"));
        assertEquals(512, fn.memorySize());
        assertEquals(3, fn.timeoutSeconds(), "Lambda's default Timeout");
        assertEquals("handleRequest", fn.handlerMethod(), "a Handler without ::method calls handleRequest");
        assertEquals("local", app.environment().stackName(), "no AppName parameter");
        assertEquals("local-Fn", fn.name());
        LocalTable table = app.tables().getFirst();
        assertEquals("people", table.name());
        assertEquals("PROVISIONED", table.billingMode(), "CloudFormation's default BillingMode");
        assertEquals("pk HASH S, sk RANGE N", table.describeKey());
    }

    @Test
    void routesThatCannotRunLocallySayWhy() {
        LocalApp app = LocalAppReader.read(TemplateParser.parse(F, API), Map.of());
        Map<String, ApiRoute> byMethod = app.routes().stream()
                .collect(java.util.stream.Collectors.toMap(ApiRoute::methodLogicalId, r -> r));
        assertEquals("Fn", byMethod.get("Get").functionLogicalId());
        assertEquals("GET", byMethod.get("Get").httpMethod(), "methods are upper-cased");
        assertTrue(byMethod.get("Mock").unsupported().contains("integration type is MOCK"));
        assertEquals("/", byMethod.get("Mock").resourcePath());
        assertTrue(byMethod.get("Elsewhere").unsupported().contains("not a function of this template"));
        assertTrue(app.routes().stream().anyMatch(ApiRoute::iamAuthorization), "AWS_IAM is enforced: " + app.routes());
        assertFalse(app.warnings().stream().anyMatch(w -> w.contains("AWS_IAM")), app.warnings().toString());
        assertTrue(app.warnings().stream().anyMatch(w -> w.contains("no stage")), app.warnings().toString());
        assertEquals("local", app.api().stageName());
        assertEquals(List.of("Fn"), List.copyOf(app.functions().keySet()), "only routed functions; ProdOnly does not exist");
    }

    @Test
    void aRouteToAnAliasRunsTheFunctionOnlyWhenTheTemplateDefinesTheAlias() {
        String elsewhere = "arn:aws:lambda:us-east-1:999999999999:function:other";
        String toBlue = API.replace(elsewhere, "${Fn.Arn}:blue").replace("Uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${Fn.Arn}:blue",
                "Uri: !Sub arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${Fn.Arn}:blue");
        ApiRoute undefined = LocalAppReader.read(TemplateParser.parse(F, toBlue), Map.of()).routes().stream()
                .filter(r -> r.methodLogicalId().equals("Elsewhere")).findFirst().orElseThrow();
        assertNull(undefined.functionLogicalId());
        assertEquals("its integration invokes arn:aws:lambda:us-east-1:123456789012:function:local-Fn:blue, a version or alias of Fn "
                + "that this template does not define", undefined.unsupported());

        String withAlias = toBlue.replace("\nResources:\n", """

                Resources:
                  Blue:
                    Type: AWS::Lambda::Alias
                    Properties: {FunctionName: !Ref Fn, FunctionVersion: "1", Name: blue}
                """);
        ApiRoute defined = LocalAppReader.read(TemplateParser.parse(F, withAlias), Map.of()).routes().stream()
                .filter(r -> r.methodLogicalId().equals("Elsewhere")).findFirst().orElseThrow();
        assertEquals("Fn:blue", defined.target(), "the alias runs its function's handler");
        assertNull(defined.unsupported());
    }

    @Test
    void aParameterWithoutDefaultFailsOnlyWhereItIsNeeded() {
        String uses = API.replace("CHOSEN: !If [IsProd, big, small]", "CHOSEN: !Ref NoDefault");
        TemplateException e = assertThrows(TemplateException.class, () -> LocalAppReader.read(TemplateParser.parse(F, uses), Map.of()));
        assertEquals(18, e.line());
        assertTrue(e.getMessage().contains("pass --parameter NoDefault=VALUE"), e.getMessage());
        assertEquals("given", LocalAppReader.read(TemplateParser.parse(F, uses), Map.of("NoDefault", "given"))
                .functions().get("Fn").variables().get("CHOSEN"));
    }

    @Test
    void aParameterStoreParameterHasNoLocalValueUntilOneIsGiven() {
        String ssm = API.replace("  Env: {Type: String, Default: dev}",
                "  Env: {Type: String, Default: dev}\n  Secret: {Type: 'AWS::SSM::Parameter::Value<String>', Default: /app/secret}")
                .replace("CHOSEN: !If [IsProd, big, small]", "CHOSEN: !Ref Secret");
        TemplateException e = assertThrows(TemplateException.class, () -> LocalAppReader.read(TemplateParser.parse(F, ssm), Map.of()));
        assertTrue(e.getMessage().contains("pass --parameter Secret=VALUE"), e.getMessage());
        assertEquals("s3cret", LocalAppReader.read(TemplateParser.parse(F, ssm), Map.of("Secret", "s3cret"))
                .functions().get("Fn").variables().get("CHOSEN"), "not the Parameter Store name /app/secret");
    }

    @Test
    void templateErrorsNameTheLine() {
        TemplateException noResource = assertThrows(TemplateException.class, () -> LocalAppReader.read(
                TemplateParser.parse(F, API.replace("ResourceId: !Ref Items\n      HttpMethod: get", "ResourceId: !Ref Nothing\n      HttpMethod: get")), Map.of()));
        assertTrue(noResource.getMessage().contains("no parameter or resource named 'Nothing'"), noResource.getMessage());
        assertEquals(41, noResource.line());

        TemplateException noHandler = assertThrows(TemplateException.class, () -> LocalAppReader.read(
                TemplateParser.parse(F, API.replace("      Handler: com.example.Handler\n", "")), Map.of()));
        assertTrue(noHandler.getMessage().contains("Fn has no Handler"), noHandler.getMessage());
        assertEquals(9, noHandler.line());

        TemplateException noApi = assertThrows(TemplateException.class, () -> LocalAppReader.read(
                TemplateParser.parse(F, "Resources:\n  T:\n    Type: AWS::SNS::Topic\n"), Map.of()));
        assertTrue(noApi.getMessage().contains("no AWS::ApiGateway::RestApi"), noApi.getMessage());
    }
}
