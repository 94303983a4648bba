package dev.userapi.pipeline.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userapi.pipeline.template.Intrinsics;
import dev.userapi.pipeline.template.Resource;
import dev.userapi.pipeline.template.Template;
import dev.userapi.pipeline.template.TemplateException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Evaluates CloudFormation intrinsic functions as the stack would, with the local stand-ins of
 * {@link LocalEnvironment} for pseudo parameters and locally derived physical names for resources:
 * a table without {@code TableName} is {@code <stack>-<LogicalId>}, a function's ARN is
 * {@code arn:aws:lambda:<region>:<account>:function:<name>}, an API id is a stable 10-character id.
 *
 * <p>Only what `pipeline local` reads is evaluated (a function's Code never is), so a parameter that
 * has no default stops the run only when something local needs it. Every error names the file and line.
 */
final class TemplateEvaluator {

    /** {@code Ref AWS::NoValue}: the enclosing property, list item or map entry is dropped. */
    static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "AWS::NoValue";
        }
    };

    /** The number of the one version a local Version resource stands for. */
    static final String LOCAL_VERSION = "1";

    private final Template template;
    private final LocalEnvironment env;
    private final Map<String, Object> parameters;
    private final Map<String, Resource> resources;
    private final Map<String, Boolean> conditions = new HashMap<>();
    private final Set<String> evaluatingConditions = new HashSet<>();
    private final Map<String, String> refs = new HashMap<>();
    private final Set<String> evaluatingRefs = new HashSet<>();

    TemplateEvaluator(Template template, LocalEnvironment env, Map<String, Object> parameters) {
        this.template = template;
        this.env = env;
        this.parameters = parameters;
        this.resources = template.resources();
    }

    LocalEnvironment environment() {
        return env;
    }

    Template template() {
        return template;
    }

    /** Whether the resource exists in this stack: no {@code Condition}, or its condition is true. */
    boolean exists(Resource r) {
        Object c = r.definition().get("Condition");
        return !(c instanceof String name) || condition(name, List.of("Resources", r.logicalId(), "Condition"));
    }

    /** The evaluated value: scalars, lists and maps with every intrinsic replaced. */
    Object evaluate(Object value, List<Object> path) {
        String fn = Intrinsics.functionName(value);
        if (fn == null) {
            if (value instanceof Map<?, ?> m) {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, v) -> {
                    Object e = evaluate(v, append(path, k));
                    if (e != NO_VALUE) {
                        out.put(String.valueOf(k), e);
                    }
                });
                return out;
            }
            if (value instanceof List<?> l) {
                List<Object> out = new ArrayList<>(l.size());
                for (int i = 0; i < l.size(); i++) {
                    Object e = evaluate(l.get(i), append(path, i));
                    if (e != NO_VALUE) {
                        out.add(e);
                    }
                }
                return out;
            }
            return value;
        }
        Object arg = ((Map<?, ?>) value).get(fn);
        List<Object> at = append(path, fn);
        return switch (fn) {
            case "Ref" -> ref(requireString(arg, at, "Ref takes a logical id or parameter name"), at);
            case "Fn::GetAtt" -> getAtt(value, at);
            case "Fn::Sub" -> sub(value, at);
            case "Fn::Join" -> join(arg, at);
            case "Fn::Select" -> select(arg, at);
            case "Fn::Split" -> split(arg, at);
            case "Fn::If" -> ifThen(arg, at);
            case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or", "Condition" -> bool(value, path);
            case "Fn::FindInMap" -> findInMap(arg, at);
            case "Fn::Base64" -> Base64.getEncoder().encodeToString(
                    string(evaluate(arg, at), at).getBytes(StandardCharsets.UTF_8));
            case "Fn::GetAZs" -> List.of(env.region() + "a", env.region() + "b", env.region() + "c");
            case "Fn::Length" -> (long) list(evaluate(arg, at), at).size();
            case "Fn::ToJsonString" -> toJson(evaluate(arg, at), at);
            case "Fn::ImportValue" -> throw error(at, "Fn::ImportValue reads another stack's export, which does not "
                    + "exist locally; use a parameter instead so `pipeline local --parameter` can set it");
            default -> throw error(at, fn + " cannot be evaluated by pipeline local");
        };
    }

    /** The evaluated value as a string (numbers and booleans as CloudFormation prints them). */
    String evaluateString(Object value, List<Object> path) {
        return string(evaluate(value, path), path);
    }

    /** Like {@link #evaluateString} but null when the property is absent or {@code AWS::NoValue}. */
    String optionalString(Object value, List<Object> path) {
        if (value == null) {
            return null;
        }
        Object v = evaluate(value, path);
        return v == NO_VALUE ? null : string(v, path);
    }

    TemplateException error(List<Object> path, String message) {
        return new TemplateException(template.file(), template.line(path), message);
    }

    // ------------------------------------------------------------------ Ref and GetAtt

    private Object ref(String name, List<Object> path) {
        if (template.parameters().containsKey(name)) {
            Object v = parameters.get(name);
            if (v == null) {
                throw error(path, "parameter " + name + " has no value locally (no Default, or a Parameter Store type that AWS "
                        + "resolves at deploy time); pass --parameter " + name + "=VALUE");
            }
            return v;
        }
        return switch (name) {
            case "AWS::Region" -> env.region();
            case "AWS::AccountId" -> env.accountId();
            case "AWS::Partition" -> env.partition();
            case "AWS::URLSuffix" -> env.urlSuffix();
            case "AWS::StackName" -> env.stackName();
            case "AWS::StackId" -> env.stackId();
            case "AWS::NoValue" -> NO_VALUE;
            case "AWS::NotificationARNs" -> List.of();
            default -> {
                if (name.startsWith("AWS::")) {
                    throw error(path, "unknown pseudo parameter " + name);
                }
                yield resourceRef(name, path);
            }
        };
    }

    /** The {@code Ref} value of a resource: its physical name or id, derived locally. */
    String resourceRef(String logicalId, List<Object> path) {
        String known = refs.get(logicalId);
        if (known != null) {
            return known;
        }
        Resource r = resource(logicalId, path);
        if (!evaluatingRefs.add(logicalId)) {
            throw error(path, "circular reference through " + logicalId);
        }
        try {
            String value = switch (r.type()) {
                case "AWS::DynamoDB::Table" -> physicalName(r, "TableName");
                case "AWS::Lambda::Function" -> physicalName(r, "FunctionName");
                // Lambda numbers a function's versions from 1; locally each Version resource is the first.
                case "AWS::Lambda::Version" -> qualifiedArn(r, LOCAL_VERSION);
                case "AWS::Lambda::Alias" -> qualifiedArn(r, evaluateString(r.property("Name"),
                        List.of("Resources", logicalId, "Properties", "Name")));
                case "AWS::IAM::Role" -> physicalName(r, "RoleName");
                case "AWS::Logs::LogGroup" -> physicalName(r, "LogGroupName");
                case "AWS::S3::Bucket" -> physicalName(r, "BucketName").toLowerCase(Locale.ROOT);
                case "AWS::ApiGateway::Stage" -> physicalName(r, "StageName");
                case "AWS::ApiGateway::RestApi" -> fakeId(env.stackName() + "/" + logicalId, 10);
                case "AWS::ApiGateway::Resource", "AWS::ApiGateway::Deployment", "AWS::ApiGateway::Authorizer",
                     "AWS::ApiGateway::Method" -> fakeId(env.stackName() + "/" + logicalId, 6);
                default -> env.stackName() + "-" + logicalId;
            };
            refs.put(logicalId, value);
            return value;
        } finally {
            evaluatingRefs.remove(logicalId);
        }
    }

    private String physicalName(Resource r, String property) {
        String explicit = optionalString(r.property(property), List.of("Resources", r.logicalId(), "Properties", property));
        return explicit != null ? explicit : env.stackName() + "-" + r.logicalId();
    }

    private Object getAtt(Object value, List<Object> path) {
        List<String> parts = Intrinsics.getAtt(value);
        if (parts == null || parts.size() != 2) {
            throw error(path, "Fn::GetAtt needs [LogicalId, Attribute]");
        }
        return attribute(parts.get(0), parts.get(1), path);
    }

    String attribute(String logicalId, String attribute, List<Object> path) {
        Resource r = resource(logicalId, path);
        String name = resourceRef(logicalId, path);
        String p = env.partition();
        String value = switch (r.type() + "." + attribute) {
            case "AWS::DynamoDB::Table.Arn" -> "arn:" + p + ":dynamodb:" + env.region() + ":" + env.accountId() + ":table/" + name;
            case "AWS::DynamoDB::Table.StreamArn" -> "arn:" + p + ":dynamodb:" + env.region() + ":" + env.accountId()
                    + ":table/" + name + "/stream/1970-01-01T00:00:00.000";
            case "AWS::Lambda::Function.Arn" -> functionArn(name);
            case "AWS::Lambda::Version.FunctionArn", "AWS::Lambda::Alias.AliasArn" -> name;
            case "AWS::Lambda::Version.Version" -> LOCAL_VERSION;
            case "AWS::IAM::Role.Arn" -> "arn:" + p + ":iam::" + env.accountId() + ":role" + rolePath(r) + name;
            case "AWS::IAM::Role.RoleId" -> "AROA" + fakeId(name, 17).toUpperCase(Locale.ROOT);
            case "AWS::Logs::LogGroup.Arn" -> "arn:" + p + ":logs:" + env.region() + ":" + env.accountId() + ":log-group:" + name + ":*";
            case "AWS::S3::Bucket.Arn" -> "arn:" + p + ":s3:::" + name;
            case "AWS::ApiGateway::RestApi.RootResourceId" -> fakeId(env.stackName() + "/" + logicalId + "/", 10);
            case "AWS::ApiGateway::RestApi.RestApiId" -> name;
            default -> throw error(path, "pipeline local does not know the attribute " + attribute + " of " + r.type()
                    + " (" + logicalId + ")");
        };
        return value;
    }

    String functionArn(String functionName) {
        return "arn:" + env.partition() + ":lambda:" + env.region() + ":" + env.accountId() + ":function:" + functionName;
    }

    /**
     * The ARN of a version or alias: the ARN of the function its {@code FunctionName} names (a name, a
     * partial ARN {@code ACCOUNT:function:NAME} or an ARN), then {@code :qualifier}.
     */
    private String qualifiedArn(Resource r, String qualifier) {
        String functionName = evaluateString(r.property("FunctionName"), List.of("Resources", r.logicalId(), "Properties", "FunctionName"));
        String arn;
        if (functionName.startsWith("arn:")) {
            arn = functionName;
        } else if (functionName.contains(":function:")) {
            arn = "arn:" + env.partition() + ":lambda:" + env.region() + ":" + functionName;
        } else {
            arn = functionArn(functionName);
        }
        return arn + ":" + qualifier;
    }

    private String rolePath(Resource r) {
        String path = optionalString(r.property("Path"), List.of("Resources", r.logicalId(), "Properties", "Path"));
        return path == null ? "/" : path;
    }

    private Resource resource(String logicalId, List<Object> path) {
        Resource r = resources.get(logicalId);
        if (r == null) {
            throw error(path, "no parameter or resource named '" + logicalId + "'");
        }
        if (!exists(r)) {
            throw error(path, logicalId + " is not created: its Condition is false");
        }
        return r;
    }

    // ------------------------------------------------------------------ Fn::Sub, Join, Select, Split, FindInMap

    private String sub(Object value, List<Object> path) {
        String text = Intrinsics.subTemplate(value);
        if (text == null) {
            throw error(path, "Fn::Sub needs a string, or [string, {variables}]");
        }
        Map<?, ?> variables = Intrinsics.subVariables(value);
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int start = text.indexOf("${", i);
            if (start < 0) {
                out.append(text, i, text.length());
                break;
            }
            out.append(text, i, start);
            int end = text.indexOf('}', start);
            if (end < 0) {
                throw error(path, "Fn::Sub: '${' without a closing '}' in \"" + text + "\"");
            }
            String name = text.substring(start + 2, end).trim();
            if (name.startsWith("!")) {
                out.append("${").append(name.substring(1)).append('}');
            } else if (variables.containsKey(name)) {
                out.append(evaluateString(variables.get(name), append(append(path, 1), name)));
            } else if (name.contains(".") && !name.startsWith("AWS::")) {
                int dot = name.indexOf('.');
                out.append(attribute(name.substring(0, dot), name.substring(dot + 1), path));
            } else {
                out.append(string(ref(name, path), path));
            }
            i = end + 1;
        }
        return out.toString();
    }

    private String join(Object arg, List<Object> path) {
        List<?> a = argList(arg, path, 2, "Fn::Join needs [delimiter, [values]]");
        String delimiter = string(evaluate(a.get(0), append(path, 0)), path);
        List<String> items = new ArrayList<>();
        for (Object item : list(evaluate(a.get(1), append(path, 1)), path)) {
            items.add(string(item, path));
        }
        return String.join(delimiter, items);
    }

    private Object select(Object arg, List<Object> path) {
        List<?> a = argList(arg, path, 2, "Fn::Select needs [index, [values]]");
        int index;
        try {
            index = Integer.parseInt(string(evaluate(a.get(0), append(path, 0)), path));
        } catch (NumberFormatException e) {
            throw error(path, "Fn::Select: the index is not a number");
        }
        List<?> values = list(evaluate(a.get(1), append(path, 1)), path);
        if (index < 0 || index >= values.size()) {
            throw error(path, "Fn::Select: index " + index + " is outside the list of " + values.size());
        }
        return values.get(index);
    }

    private List<String> split(Object arg, List<Object> path) {
        List<?> a = argList(arg, path, 2, "Fn::Split needs [delimiter, string]");
        String delimiter = string(evaluate(a.get(0), append(path, 0)), path);
        String source = string(evaluate(a.get(1), append(path, 1)), path);
        return List.of(source.split(Pattern.quote(delimiter), -1));
    }

    private Object ifThen(Object arg, List<Object> path) {
        List<?> a = argList(arg, path, 3, "Fn::If needs [condition, value if true, value if false]");
        String name = requireString(a.get(0), path, "Fn::If: the first item names a condition");
        return condition(name, path) ? evaluate(a.get(1), append(path, 1)) : evaluate(a.get(2), append(path, 2));
    }

    private Object findInMap(Object arg, List<Object> path) {
        List<?> a = argList(arg, path, 3, "Fn::FindInMap needs [MapName, TopLevelKey, SecondLevelKey]");
        String map = string(evaluate(a.get(0), append(path, 0)), path);
        String top = string(evaluate(a.get(1), append(path, 1)), path);
        String second = string(evaluate(a.get(2), append(path, 2)), path);
        if (template.mappings().get(map) instanceof Map<?, ?> m && m.get(top) instanceof Map<?, ?> t && t.containsKey(second)) {
            return evaluate(t.get(second), List.of("Mappings", map, top, second));
        }
        throw error(path, "Fn::FindInMap: Mappings has no " + map + "/" + top + "/" + second);
    }

    private String toJson(Object value, List<Object> path) {
        try {
            return new ObjectMapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw error(path, "Fn::ToJsonString: " + e.getOriginalMessage());
        }
    }

    // ------------------------------------------------------------------ conditions

    boolean condition(String name, List<Object> path) {
        Boolean known = conditions.get(name);
        if (known != null) {
            return known;
        }
        if (!template.conditions().containsKey(name)) {
            throw error(path, "no condition named '" + name + "' in Conditions");
        }
        if (!evaluatingConditions.add(name)) {
            throw error(path, "condition " + name + " depends on itself");
        }
        try {
            boolean value = bool(template.conditions().get(name), List.of("Conditions", name));
            conditions.put(name, value);
            return value;
        } finally {
            evaluatingConditions.remove(name);
        }
    }

    private boolean bool(Object value, List<Object> path) {
        String fn = Intrinsics.functionName(value);
        if (fn == null) {
            Object v = evaluate(value, path);
            if (v instanceof Boolean b) {
                return b;
            }
            if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
                return Boolean.parseBoolean(s);
            }
            throw error(path, "expected a condition (true, false or a condition function), got " + v);
        }
        Object arg = ((Map<?, ?>) value).get(fn);
        List<Object> at = append(path, fn);
        return switch (fn) {
            case "Condition" -> condition(requireString(arg, at, "Condition names a condition"), at);
            case "Fn::Equals" -> {
                List<?> a = argList(arg, at, 2, "Fn::Equals needs [value, value]");
                yield canonical(evaluate(a.get(0), append(at, 0))).equals(canonical(evaluate(a.get(1), append(at, 1))));
            }
            case "Fn::Not" -> !bool(argList(arg, at, 1, "Fn::Not needs [condition]").get(0), append(at, 0));
            case "Fn::And", "Fn::Or" -> {
                List<?> a = arg instanceof List<?> l ? l : List.of();
                if (a.size() < 2 || a.size() > 10) {
                    throw error(at, fn + " needs 2 to 10 conditions");
                }
                boolean and = fn.equals("Fn::And");
                boolean result = and;
                for (int i = 0; i < a.size(); i++) {
                    boolean b = bool(a.get(i), append(at, i));
                    result = and ? result && b : result || b;
                }
                yield result;
            }
            default -> {
                Object v = evaluate(value, path);
                if (v instanceof Boolean b) {
                    yield b;
                }
                throw error(at, fn + " does not give a condition");
            }
        };
    }

    private static Object canonical(Object v) {
        return v instanceof String || v instanceof List<?> || v instanceof Map<?, ?> ? v : String.valueOf(v);
    }

    // ------------------------------------------------------------------ helpers

    String string(Object v, List<Object> path) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Number || v instanceof Boolean) {
            return String.valueOf(v);
        }
        throw error(path, "expected a string here, got " + (v == null ? "nothing" : v == NO_VALUE ? "AWS::NoValue" : v));
    }

    private List<?> list(Object v, List<Object> path) {
        if (v instanceof List<?> l) {
            return l;
        }
        throw error(path, "expected a list here, got " + v);
    }

    private List<?> argList(Object arg, List<Object> path, int size, String message) {
        if (arg instanceof List<?> l && l.size() == size) {
            return l;
        }
        throw error(path, message);
    }

    private String requireString(Object arg, List<Object> path, String message) {
        if (arg instanceof String s) {
            return s;
        }
        throw error(path, message);
    }

    static List<Object> append(List<Object> path, Object segment) {
        List<Object> out = new ArrayList<>(path.size() + 1);
        out.addAll(path);
        out.add(segment);
        return out;
    }

    /**
     * A stable lowercase id of the given length, the shape API Gateway ids have ({@code a1b2c3d4e5}),
     * derived from the seed so that ARNs built from it stay the same from one run to the next.
     */
    static String fakeId(String seed, int length) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            String base36 = new BigInteger(1, hash).toString(36);
            return base36.substring(0, Math.min(length, base36.length()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
