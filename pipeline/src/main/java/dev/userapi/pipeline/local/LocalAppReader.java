package dev.userapi.pipeline.local;

import dev.userapi.pipeline.local.LocalApp.ApiRoute;
import dev.userapi.pipeline.local.LocalApp.AttributeDefinition;
import dev.userapi.pipeline.local.LocalApp.InvokePermission;
import dev.userapi.pipeline.local.LocalApp.KeyElement;
import dev.userapi.pipeline.local.LocalApp.LocalFunction;
import dev.userapi.pipeline.local.LocalApp.LocalTable;
import dev.userapi.pipeline.local.LocalApp.RestApi;
import dev.userapi.pipeline.local.LocalApp.SecondaryIndex;
import dev.userapi.pipeline.local.LocalApp.Throughput;
import dev.userapi.pipeline.template.ApiGatewayPathPart;
import dev.userapi.pipeline.template.Resource;
import dev.userapi.pipeline.template.Template;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives a {@link LocalApp} from a parsed template: the REST API's resources (the {@code PathPart}
 * chain from the root), its methods with AWS_PROXY integrations (the function is the one whose ARN the
 * integration {@code Uri} names, directly or through one of its aliases or versions), each function's
 * handler, environment, timeout and memory, every table and every Lambda permission. Errors carry the
 * template's file and line.
 */
public final class LocalAppReader {

    /** The Lambda invocation URI an AWS_PROXY integration points at. */
    private static final Pattern LAMBDA_URI =
            Pattern.compile("arn:[^:]+:apigateway:[^:]+:lambda:path/2015-03-31/functions/(.+)/invocations");
    /** A function ARN with its alias or version: {@code arn:...:function:NAME:QUALIFIER}. */
    private static final Pattern QUALIFIED_FUNCTION_ARN = Pattern.compile("(arn:[^:]+:lambda:[^:]+:[^:]+:function:[^:]+):([^:]+)");
    private static final Pattern CLASS_NAME = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");
    private static final Pattern METHOD_NAME = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*");
    private static final int LAMBDA_DEFAULT_TIMEOUT = 3;
    private static final int LAMBDA_DEFAULT_MEMORY = 128;

    private final Template template;
    private final TemplateEvaluator ev;
    private final List<String> warnings = new ArrayList<>();

    private LocalAppReader(Template template, TemplateEvaluator ev) {
        this.template = template;
        this.ev = ev;
    }

    /**
     * @param parameterOverrides {@code --parameter} values; the rest take their defaults
     * @throws dev.userapi.pipeline.template.TemplateException when the template cannot be served, with file and line
     * @throws LocalException when an override is not a parameter of the template or breaks its constraints
     */
    public static LocalApp read(Template template, Map<String, String> parameterOverrides) {
        Map<String, Object> parameters = TemplateParameters.resolve(template, parameterOverrides);
        LocalEnvironment env = LocalEnvironment.forStack(TemplateParameters.stackName(parameters));
        return new LocalAppReader(template, new TemplateEvaluator(template, env, parameters)).read();
    }

    private LocalApp read() {
        Resource apiResource = restApi();
        String apiId = ev.resourceRef(apiResource.logicalId(), path(apiResource));
        String rootId = ev.attribute(apiResource.logicalId(), "RootResourceId", path(apiResource));
        Map<String, String> resourcePaths = resourcePaths(apiId, rootId);

        List<ApiRoute> routes = methods(apiId, rootId, resourcePaths);
        Map<String, LocalFunction> functions = new LinkedHashMap<>();
        for (ApiRoute route : routes) {
            if (route.functionLogicalId() != null && !functions.containsKey(route.functionLogicalId())) {
                functions.put(route.functionLogicalId(), function(template.resources().get(route.functionLogicalId())));
            }
        }
        List<String> paths = new ArrayList<>();
        paths.add("/");
        paths.addAll(resourcePaths.values());
        RestApi api = stage(apiResource, apiId, paths);
        return new LocalApp(template.file(), ev.environment(), api, routes, functions, tables(), permissions(), callers(), warnings);
    }

    // ------------------------------------------------------------------ the API

    private Resource restApi() {
        List<Resource> apis = existing("AWS::ApiGateway::RestApi");
        if (apis.isEmpty()) {
            throw ev.error(List.of("Resources"), "no AWS::ApiGateway::RestApi: pipeline local serves the routes of a REST API");
        }
        if (apis.size() > 1) {
            throw ev.error(path(apis.get(1)), "more than one AWS::ApiGateway::RestApi ("
                    + String.join(", ", apis.stream().map(Resource::logicalId).toList())
                    + "); pipeline local serves one API per template");
        }
        Resource api = apis.getFirst();
        for (String body : List.of("Body", "BodyS3Location")) {
            if (api.property(body) != null) {
                throw ev.error(prop(api, body), api.logicalId() + " defines its routes in " + body
                        + " (OpenAPI); pipeline local reads AWS::ApiGateway::Resource and AWS::ApiGateway::Method");
            }
        }
        return api;
    }

    /** Resource id → full path template, for every resource of the API. */
    private Map<String, String> resourcePaths(String apiId, String rootId) {
        Map<String, Resource> byId = new LinkedHashMap<>();
        for (Resource r : existing("AWS::ApiGateway::Resource")) {
            if (apiId.equals(ev.evaluateString(r.property("RestApiId"), prop(r, "RestApiId")))) {
                byId.put(ev.resourceRef(r.logicalId(), path(r)), r);
            }
        }
        Map<String, String> paths = new LinkedHashMap<>();
        for (String id : byId.keySet()) {
            resolvePath(id, rootId, byId, paths, new HashSet<>());
        }
        return paths;
    }

    private String resolvePath(String id, String rootId, Map<String, Resource> byId, Map<String, String> paths, Set<String> seen) {
        if (id.equals(rootId)) {
            return "/";
        }
        String known = paths.get(id);
        if (known != null) {
            return known;
        }
        Resource r = byId.get(id);
        if (!seen.add(id)) {
            throw ev.error(prop(r, "ParentId"), "the ParentId chain of " + r.logicalId() + " loops back to itself");
        }
        String parentId = ev.evaluateString(r.property("ParentId"), prop(r, "ParentId"));
        if (!parentId.equals(rootId) && !byId.containsKey(parentId)) {
            throw ev.error(prop(r, "ParentId"), "ParentId of " + r.logicalId()
                    + " is neither the API's RootResourceId nor another resource of the API");
        }
        String part = ev.evaluateString(r.property("PathPart"), prop(r, "PathPart"));
        Optional<String> refused = ApiGatewayPathPart.problem(part);
        if (refused.isPresent()) {
            throw ev.error(prop(r, "PathPart"), r.logicalId() + ": " + refused.get());
        }
        String parent = resolvePath(parentId, rootId, byId, paths, seen);
        String full = (parent.equals("/") ? "" : parent) + "/" + part;
        paths.put(id, full);
        return full;
    }

    private List<ApiRoute> methods(String apiId, String rootId, Map<String, String> resourcePaths) {
        List<ApiRoute> routes = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Resource m : existing("AWS::ApiGateway::Method")) {
            if (!apiId.equals(ev.evaluateString(m.property("RestApiId"), prop(m, "RestApiId")))) {
                continue;
            }
            String resourceId = ev.evaluateString(m.property("ResourceId"), prop(m, "ResourceId"));
            String resourcePath = resourceId.equals(rootId) ? "/" : resourcePaths.get(resourceId);
            if (resourcePath == null) {
                throw ev.error(prop(m, "ResourceId"), "ResourceId of " + m.logicalId() + " is not a resource of the API");
            }
            String httpMethod = ev.evaluateString(m.property("HttpMethod"), prop(m, "HttpMethod")).toUpperCase(Locale.ROOT);
            String key = httpMethod + " " + resourcePath;
            String clash = seen.putIfAbsent(key, m.logicalId());
            if (clash != null) {
                throw ev.error(path(m), m.logicalId() + " and " + clash + " both define " + key);
            }
            String auth = ev.optionalString(m.property("AuthorizationType"), prop(m, "AuthorizationType"));
            boolean iam = "AWS_IAM".equals(auth);
            if (auth != null && !auth.equals("NONE") && !iam) {
                warnings.add(where(m) + key + ": AuthorizationType " + auth + " is not enforced locally");
            }
            if ("true".equals(ev.optionalString(m.property("ApiKeyRequired"), prop(m, "ApiKeyRequired")))) {
                warnings.add(where(m) + key + ": ApiKeyRequired is not enforced locally");
            }
            routes.add(integration(m, httpMethod, resourcePath, iam));
        }
        if (routes.isEmpty()) {
            warnings.add(template.file() + ": the API has no AWS::ApiGateway::Method; every request will get 403");
        }
        return routes;
    }

    private ApiRoute integration(Resource m, String httpMethod, String resourcePath, boolean iam) {
        String example = exampleBody(m);
        int line = template.line("Resources", m.logicalId());
        if (!(m.property("Integration") instanceof Map<?, ?> integration)) {
            return new ApiRoute(httpMethod, resourcePath, m.logicalId(), null, "it has no Integration", example, line, iam);
        }
        List<Object> at = prop(m, "Integration");
        String type = ev.optionalString(integration.get("Type"), TemplateEvaluator.append(at, "Type"));
        if (!"AWS_PROXY".equals(type)) {
            return new ApiRoute(httpMethod, resourcePath, m.logicalId(), null,
                    "its integration type is " + type + "; pipeline local runs AWS_PROXY (Lambda proxy) integrations", example, line, iam);
        }
        String uri = ev.evaluateString(integration.get("Uri"), TemplateEvaluator.append(at, "Uri"));
        Matcher matcher = LAMBDA_URI.matcher(uri);
        if (!matcher.matches()) {
            return new ApiRoute(httpMethod, resourcePath, m.logicalId(), null,
                    "its integration Uri " + uri + " is not a Lambda function invocation", example, line, iam);
        }
        String invoked = matcher.group(1);
        Matcher qualified = QUALIFIED_FUNCTION_ARN.matcher(invoked);
        String functionArn = qualified.matches() ? qualified.group(1) : invoked;
        String qualifier = qualified.matches() ? qualified.group(2) : null;
        for (Resource f : existing("AWS::Lambda::Function")) {
            String arn = ev.attribute(f.logicalId(), "Arn", path(f));
            if (arn.equals(functionArn)) {
                String runtime = ev.optionalString(f.property("Runtime"), prop(f, "Runtime"));
                if (runtime == null || !runtime.startsWith("java")) {
                    return new ApiRoute(httpMethod, resourcePath, m.logicalId(), null, f.logicalId() + " runs on "
                            + runtime + "; pipeline local calls Java handlers in-process", example, line, iam);
                }
                if (qualifier != null && !qualifier.equals("$LATEST") && !definesQualifier(invoked)) {
                    return new ApiRoute(httpMethod, resourcePath, m.logicalId(), null, "its integration invokes " + invoked
                            + ", a version or alias of " + f.logicalId() + " that this template does not define", example, line, iam);
                }
                // An alias or version of the template runs the function's handler: locally there is only the current code.
                return new ApiRoute(httpMethod, resourcePath, m.logicalId(), f.logicalId(),
                        "$LATEST".equals(qualifier) ? null : qualifier, null, example, line, iam);
            }
        }
        return new ApiRoute(httpMethod, resourcePath, m.logicalId(), null, "its integration invokes " + invoked
                + ", which is not a function of this template, nor an alias or version of one", example, line, iam);
    }

    /** Whether an AWS::Lambda::Alias or AWS::Lambda::Version of the template has this ARN. */
    private boolean definesQualifier(String qualifiedArn) {
        for (String type : List.of("AWS::Lambda::Alias", "AWS::Lambda::Version")) {
            for (Resource r : existing(type)) {
                if (qualifiedArn.equals(ev.resourceRef(r.logicalId(), path(r)))) {
                    return true;
                }
            }
        }
        return false;
    }

    private String exampleBody(Resource m) {
        if (m.definition().get("Metadata") instanceof Map<?, ?> md
                && md.get("PipelineLocal") instanceof Map<?, ?> local
                && local.get("ExampleBody") != null) {
            return ev.evaluateString(local.get("ExampleBody"),
                    List.of("Resources", m.logicalId(), "Metadata", "PipelineLocal", "ExampleBody"));
        }
        return null;
    }

    private RestApi stage(Resource api, String apiId, List<String> resourcePaths) {
        List<String> binary = new ArrayList<>();
        if (ev.evaluate(api.property("BinaryMediaTypes") == null ? List.of() : api.property("BinaryMediaTypes"),
                prop(api, "BinaryMediaTypes")) instanceof List<?> types) {
            // API Gateway's own API escapes '/' as '~1' in media types; templates use both spellings.
            types.forEach(t -> binary.add(String.valueOf(t).replace("~1", "/")));
        }
        List<Resource> stages = new ArrayList<>();
        for (Resource s : existing("AWS::ApiGateway::Stage")) {
            if (apiId.equals(ev.evaluateString(s.property("RestApiId"), prop(s, "RestApiId")))) {
                stages.add(s);
            }
        }
        String stageName = null;
        Map<String, String> variables = new LinkedHashMap<>();
        if (!stages.isEmpty()) {
            Resource s = stages.getFirst();
            stageName = ev.evaluateString(s.property("StageName"), prop(s, "StageName"));
            if (s.property("Variables") != null && ev.evaluate(s.property("Variables"), prop(s, "Variables")) instanceof Map<?, ?> vars) {
                vars.forEach((k, v) -> variables.put(String.valueOf(k), ev.string(v, prop(s, "Variables"))));
            }
            if (stages.size() > 1) {
                warnings.add(where(s) + "the API has " + stages.size() + " stages; serving stage " + stageName);
            }
        } else {
            for (Resource d : existing("AWS::ApiGateway::Deployment")) {
                String name = ev.optionalString(d.property("StageName"), prop(d, "StageName"));
                if (name != null && apiId.equals(ev.evaluateString(d.property("RestApiId"), prop(d, "RestApiId")))) {
                    stageName = name;
                    break;
                }
            }
        }
        if (stageName == null) {
            stageName = "local";
            warnings.add(where(api) + "the API has no stage (AWS::ApiGateway::Stage or a Deployment's StageName), "
                    + "so AWS would serve nothing; serving it locally as stage 'local'");
        }
        return new RestApi(api.logicalId(), apiId, stageName, variables, binary, resourcePaths);
    }

    // ------------------------------------------------------------------ functions

    private LocalFunction function(Resource f) {
        String name = ev.resourceRef(f.logicalId(), path(f));
        String handler = ev.optionalString(f.property("Handler"), prop(f, "Handler"));
        if (handler == null) {
            throw ev.error(path(f), f.logicalId() + " has no Handler; a Java function names class::method");
        }
        int sep = handler.indexOf("::");
        String cls = sep < 0 ? handler : handler.substring(0, sep);
        // Lambda's Java runtime calls handleRequest when the Handler names only the class.
        String method = sep < 0 ? "handleRequest" : handler.substring(sep + 2);
        if (!CLASS_NAME.matcher(cls).matches() || !METHOD_NAME.matcher(method).matches()) {
            throw ev.error(prop(f, "Handler"), "Handler '" + handler + "' of " + f.logicalId()
                    + " is not a Java handler; expected package.Class::method");
        }
        Map<String, String> variables = new LinkedHashMap<>();
        if (f.property("Environment") instanceof Map<?, ?> environment && environment.get("Variables") != null) {
            List<Object> at = List.of("Resources", f.logicalId(), "Properties", "Environment", "Variables");
            if (!(ev.evaluate(environment.get("Variables"), at) instanceof Map<?, ?> vars)) {
                throw ev.error(at, "Environment.Variables of " + f.logicalId() + " must be a map");
            }
            vars.forEach((k, v) -> variables.put(String.valueOf(k), ev.string(v, TemplateEvaluator.append(at, k))));
        }
        int timeout = integer(f, "Timeout", LAMBDA_DEFAULT_TIMEOUT);
        int memory = integer(f, "MemorySize", LAMBDA_DEFAULT_MEMORY);
        String logGroup = null;
        if (f.property("LoggingConfig") instanceof Map<?, ?> logging && logging.get("LogGroup") != null) {
            logGroup = ev.evaluateString(logging.get("LogGroup"),
                    List.of("Resources", f.logicalId(), "Properties", "LoggingConfig", "LogGroup"));
        }
        return new LocalFunction(f.logicalId(), name, ev.functionArn(name), cls, method, variables, timeout, memory,
                logGroup != null ? logGroup : "/aws/lambda/" + name, template.line("Resources", f.logicalId()));
    }

    private int integer(Resource r, String property, int fallback) {
        String v = ev.optionalString(r.property(property), prop(r, property));
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw ev.error(prop(r, property), property + " of " + r.logicalId() + " must be a whole number, got " + v);
        }
    }

    // ------------------------------------------------------------------ tables

    private List<LocalTable> tables() {
        List<LocalTable> tables = new ArrayList<>();
        for (Resource t : existing("AWS::DynamoDB::Table")) {
            String name = ev.resourceRef(t.logicalId(), path(t));
            List<KeyElement> key = keySchema(ev.evaluate(t.property("KeySchema"), prop(t, "KeySchema")), prop(t, "KeySchema"));
            List<AttributeDefinition> attributes = new ArrayList<>();
            for (Map<?, ?> a : maps(ev.evaluate(t.property("AttributeDefinitions"), prop(t, "AttributeDefinitions")),
                    prop(t, "AttributeDefinitions"))) {
                attributes.add(new AttributeDefinition(String.valueOf(a.get("AttributeName")), String.valueOf(a.get("AttributeType"))));
            }
            String billing = ev.optionalString(t.property("BillingMode"), prop(t, "BillingMode"));
            billing = billing == null ? "PROVISIONED" : billing;
            Throughput throughput = throughput(t.property("ProvisionedThroughput"), prop(t, "ProvisionedThroughput"));
            if (billing.equals("PROVISIONED") && throughput == null) {
                throw ev.error(path(t), t.logicalId() + " is PROVISIONED (the default BillingMode) but has no ProvisionedThroughput");
            }
            List<SecondaryIndex> global = indexes(t, "GlobalSecondaryIndexes");
            List<SecondaryIndex> local = indexes(t, "LocalSecondaryIndexes");
            tables.add(new LocalTable(t.logicalId(), name, key, attributes, billing, throughput, global, local));
        }
        return tables;
    }

    private List<KeyElement> keySchema(Object value, List<Object> at) {
        List<KeyElement> key = new ArrayList<>();
        for (Map<?, ?> k : maps(value, at)) {
            key.add(new KeyElement(String.valueOf(k.get("AttributeName")), String.valueOf(k.get("KeyType"))));
        }
        if (key.isEmpty()) {
            throw ev.error(at, "a KeySchema needs at least the HASH key");
        }
        return key;
    }

    private List<SecondaryIndex> indexes(Resource t, String property) {
        List<SecondaryIndex> out = new ArrayList<>();
        if (t.property(property) == null) {
            return out;
        }
        List<Object> at = prop(t, property);
        for (Map<?, ?> i : maps(ev.evaluate(t.property(property), at), at)) {
            Map<?, ?> projection = i.get("Projection") instanceof Map<?, ?> p ? p : Map.of();
            List<String> nonKey = projection.get("NonKeyAttributes") instanceof List<?> l
                    ? l.stream().map(String::valueOf).toList() : List.of();
            out.add(new SecondaryIndex(String.valueOf(i.get("IndexName")), keySchema(i.get("KeySchema"), at),
                    projection.get("ProjectionType") == null ? "ALL" : String.valueOf(projection.get("ProjectionType")),
                    nonKey, throughput(i.get("ProvisionedThroughput"), at)));
        }
        return out;
    }

    private Throughput throughput(Object value, List<Object> at) {
        if (value == null) {
            return null;
        }
        if (!(ev.evaluate(value, at) instanceof Map<?, ?> m)) {
            throw ev.error(at, "ProvisionedThroughput must be a map");
        }
        try {
            return new Throughput(Long.parseLong(String.valueOf(m.get("ReadCapacityUnits"))),
                    Long.parseLong(String.valueOf(m.get("WriteCapacityUnits"))));
        } catch (NumberFormatException e) {
            throw ev.error(at, "ProvisionedThroughput needs numeric ReadCapacityUnits and WriteCapacityUnits");
        }
    }

    private List<Map<?, ?>> maps(Object value, List<Object> at) {
        if (!(value instanceof List<?> l)) {
            throw ev.error(at, "expected a list");
        }
        List<Map<?, ?>> out = new ArrayList<>();
        for (Object o : l) {
            if (!(o instanceof Map<?, ?> m)) {
                throw ev.error(at, "expected a list of maps");
            }
            out.add(m);
        }
        return out;
    }

    // ------------------------------------------------------------------ permissions

    private List<InvokePermission> permissions() {
        List<InvokePermission> out = new ArrayList<>();
        for (Resource p : existing("AWS::Lambda::Permission")) {
            out.add(new InvokePermission(p.logicalId(),
                    ev.evaluateString(p.property("FunctionName"), prop(p, "FunctionName")),
                    ev.evaluateString(p.property("Action"), prop(p, "Action")),
                    ev.evaluateString(p.property("Principal"), prop(p, "Principal")),
                    ev.optionalString(p.property("SourceArn"), prop(p, "SourceArn")),
                    ev.optionalString(p.property("SourceAccount"), prop(p, "SourceAccount")),
                    template.line("Resources", p.logicalId())));
        }
        return out;
    }

    // ------------------------------------------------------------------ callers

    /** A local caller for each managed policy that allows execute-api:Invoke (see {@link LocalApp.LocalCaller}). */
    private List<LocalApp.LocalCaller> callers() {
        List<LocalApp.LocalCaller> out = new ArrayList<>();
        for (Resource p : existing("AWS::IAM::ManagedPolicy")) {
            Object document = ev.evaluate(p.property("PolicyDocument"), prop(p, "PolicyDocument"));
            List<String> resources = new ArrayList<>();
            if (document instanceof Map<?, ?> doc) {
                for (Object st : asList(doc.get("Statement"))) {
                    if (st instanceof Map<?, ?> statement && "Allow".equals(statement.get("Effect"))
                            && asList(statement.get("Action")).stream().anyMatch(a -> a instanceof String action
                            && ArnPattern.glob(action.toLowerCase(Locale.ROOT), "execute-api:invoke"))) {
                        asList(statement.get("Resource")).forEach(r -> resources.add(String.valueOf(r)));
                    }
                }
            }
            if (!resources.isEmpty()) {
                out.add(LocalCredentials.caller(ev.environment(), p.logicalId(), resources,
                        template.line("Resources", p.logicalId())));
            }
        }
        return out;
    }

    private static List<?> asList(Object v) {
        return v instanceof List<?> l ? l : v == null ? List.of() : List.of(v);
    }

    // ------------------------------------------------------------------ helpers

    private List<Resource> existing(String type) {
        return template.resourcesOfType(type).values().stream().filter(ev::exists).toList();
    }

    private String where(Resource r) {
        return template.file() + ":" + template.line("Resources", r.logicalId()) + ": ";
    }

    private static List<Object> path(Resource r) {
        return List.of("Resources", r.logicalId());
    }

    private static List<Object> prop(Resource r, String property) {
        return List.of("Resources", r.logicalId(), "Properties", property);
    }
}
