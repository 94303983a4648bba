package dev.userapi.pipeline.policy;

import static dev.userapi.pipeline.policy.ProjectFiles.render;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userapi.pipeline.template.Intrinsics;
import dev.userapi.pipeline.template.Resource;
import dev.userapi.pipeline.template.Template;
import dev.userapi.pipeline.template.TemplateParser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Reads cloudformation/app.yaml and checks that each function can do exactly its job: one DynamoDB
 * action on the table, its own log group, a trust pinned to the account, and an invoke permission
 * naming exactly its method and path on this API.
 */
class AppLeastPrivilegeTest {
    /** The one item action each route of the API contract needs (DESIGN.md: conditional put, get, delete). */
    private static final Map<String, String> ITEM_ACTION_BY_METHOD = Map.of(
            "POST", "dynamodb:PutItem", "GET", "dynamodb:GetItem", "DELETE", "dynamodb:DeleteItem");

    private final Template app = TemplateParser.parse(ProjectFiles.app());

    @Test
    void eachFunctionHasItsOwnRoleWithOneTableActionAndItsOwnLogGroup() {
        Map<String, Resource> functions = app.resourcesOfType("AWS::Lambda::Function");
        assertFalse(functions.isEmpty());
        String table = only(app.resourcesOfType("AWS::DynamoDB::Table").keySet());
        Set<String> roles = new HashSet<>();
        for (Resource fn : functions.values()) {
            Resource role = roleOf(fn);
            assertTrue(roles.add(role.logicalId()), fn.logicalId() + " shares " + role.logicalId());
            String method = route(fn).method();

            List<Statement> statements = statements(role, PolicyDocument.Kind.IDENTITY);
            List<String> dynamo = new ArrayList<>();
            for (Statement s : statements) {
                assertTrue(s.isAllow(), role.logicalId() + ": only Allow statements expected");
                List<String> actions = s.texts("Action");
                List<String> resources = s.values("Resource").stream().map(r -> render(r.value())).toList();
                for (String action : actions) {
                    String service = action.substring(0, action.indexOf(':'));
                    switch (service) {
                        case "dynamodb" -> {
                            dynamo.add(action);
                            assertEquals(List.of("!GetAtt " + table + ".Arn"), resources, role.logicalId() + " " + action);
                        }
                        case "logs" -> {
                            assertTrue(Set.of("logs:CreateLogStream", "logs:PutLogEvents").contains(action), action);
                            assertEquals(List.of("!GetAtt " + logGroupOf(fn) + ".Arn"), resources,
                                    role.logicalId() + " writes logs only to " + fn.logicalId() + "'s own group");
                        }
                        default -> throw new AssertionError(role.logicalId() + " grants " + action + ", outside its job");
                    }
                }
                assertFalse(s.has("NotAction") || s.has("NotResource"));
            }
            assertEquals(List.of(ITEM_ACTION_BY_METHOD.get(method)), dynamo,
                    fn.logicalId() + " serves " + method + " and needs exactly that one item action");

            Statement trust = only(statements(role, PolicyDocument.Kind.TRUST));
            assertTrue(trust.isAllow());
            assertEquals(Map.of("Service", "lambda.amazonaws.com"), trust.body().get("Principal"));
            assertEquals("sts:AssumeRole", trust.body().get("Action"));
            assertEquals(Map.of("StringEquals", Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId"))), trust.body().get("Condition"));

            assertEquals("!Sub /${AppName}/", render(role.property("Path")));
            assertEquals("!Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/${AppName}/${AppName}-permissions-boundary",
                    render(role.property("PermissionsBoundary")));
            assertFalse(role.properties().containsKey("ManagedPolicyArns"), role.logicalId() + " takes no managed policies");
        }
    }

    @Test
    void everyInvokePermissionNamesExactlyItsMethodAndPathOnThisApi() {
        Map<String, Resource> permissions = app.resourcesOfType("AWS::Lambda::Permission");
        Map<String, Resource> functions = app.resourcesOfType("AWS::Lambda::Function");
        assertEquals(functions.size(), permissions.size(), "one permission per function");
        String api = only(app.resourcesOfType("AWS::ApiGateway::RestApi").keySet());
        Set<String> covered = new HashSet<>();
        for (Resource p : permissions.values()) {
            LambdaTarget target = LambdaTarget.of(app, p.property("FunctionName"));
            assertNotNull(target, p.logicalId() + " names a function of the template, or an alias or version of one");
            Resource fn = functions.get(target.function());
            assertNotNull(fn, p.logicalId());
            assertTrue(covered.add(fn.logicalId()));
            Route route = route(fn);
            // Lambda applies the permission only to the ARN it names: the one the API's integration invokes.
            assertTrue(target.sameAs(route.invokes()), p.logicalId() + " names " + target.describe() + ", the API invokes "
                    + route.invokes().describe());
            assertEquals("lambda:InvokeFunction", p.property("Action"));
            assertEquals("apigateway.amazonaws.com", p.property("Principal"));
            assertEquals("!Ref AWS::AccountId", render(p.property("SourceAccount")));
            assertEquals("!Sub arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${" + api + "}/*/"
                    + route.method() + "/" + route.sourceArnPath(), render(p.property("SourceArn")), p.logicalId());
        }
    }

    // ------------------------------------------------------------------ reading the template's API model

    /** The method, path and invoked ARN of the API Gateway method that integrates {@code fn} (or an alias or version of it). */
    record Route(String method, List<String> pathParts, LambdaTarget invokes) {
        /** {id} path parameters become "*" in an execute-api ARN. */
        String sourceArnPath() {
            return String.join("/", pathParts.stream().map(p -> p.startsWith("{") ? "*" : p).toList());
        }
    }

    private Route route(Resource fn) {
        List<Resource> methods = app.resourcesOfType("AWS::ApiGateway::Method").values().stream()
                .filter(m -> {
                    LambdaTarget invoked = LambdaTarget.ofIntegration(app, m);
                    return invoked != null && invoked.function().equals(fn.logicalId());
                }).toList();
        Resource method = only(methods);
        List<String> parts = new ArrayList<>();
        Object resource = method.property("ResourceId");
        while (Intrinsics.ref(resource) != null) {
            Resource r = app.resources().get(Intrinsics.ref(resource));
            parts.add((String) r.property("PathPart"));
            resource = r.property("ParentId");
        }
        assertEquals("RootResourceId", Intrinsics.getAtt(resource).get(1), "the path ends at the API's root");
        Collections.reverse(parts);
        return new Route((String) method.property("HttpMethod"), parts, LambdaTarget.ofIntegration(app, method));
    }

    private Resource roleOf(Resource fn) {
        List<String> role = Intrinsics.getAtt(fn.property("Role"));
        assertNotNull(role, fn.logicalId() + " names its role with !GetAtt Role.Arn");
        return app.resources().get(role.get(0));
    }

    private String logGroupOf(Resource fn) {
        String group = Intrinsics.ref(Nodes.map(fn.property("LoggingConfig")).get("LogGroup"));
        assertNotNull(group, fn.logicalId() + " logs to a group of the template");
        return group;
    }

    private List<Statement> statements(Resource role, PolicyDocument.Kind kind) {
        return PolicyDocument.in(app).stream()
                .filter(d -> d.resource().logicalId().equals(role.logicalId()) && d.kind() == kind)
                .flatMap(d -> d.statements().stream()).toList();
    }

    static <T> T only(java.util.Collection<T> items) {
        assertEquals(1, items.size(), "exactly one expected: " + items);
        return items.iterator().next();
    }
}
