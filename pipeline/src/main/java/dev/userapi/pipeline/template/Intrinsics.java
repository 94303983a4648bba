package dev.userapi.pipeline.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading CloudFormation intrinsic functions in their long form. The parser rewrites every short
 * form ({@code !Ref x}, {@code !GetAtt a.b}, {@code !Sub ...}) into the long form
 * ({@code {"Ref": "x"}}, {@code {"Fn::GetAtt": ["a", "b"]}}, ...), so callers handle one shape.
 */
public final class Intrinsics {
    /** {@code ${Name}} or {@code ${Name.Attr}}; {@code ${!Literal}} is an escape, not a reference. */
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(?!!)([^}]+)}");

    private Intrinsics() {
    }

    /** The single function name when {@code value} is an intrinsic ({@code Ref}, {@code Fn::*}, {@code Condition}). */
    public static String functionName(Object value) {
        if (value instanceof Map<?, ?> m && m.size() == 1) {
            Object key = m.keySet().iterator().next();
            if (key instanceof String k && (k.equals("Ref") || k.startsWith("Fn::") || k.equals("Condition"))) {
                return k;
            }
        }
        return null;
    }

    /** The target of {@code {"Ref": X}}, else null. */
    public static String ref(Object value) {
        if ("Ref".equals(functionName(value)) && ((Map<?, ?>) value).get("Ref") instanceof String s) {
            return s;
        }
        return null;
    }

    /** The logical id and attribute of {@code {"Fn::GetAtt": [id, attr]}} (or the "id.attr" string form), else null. */
    public static List<String> getAtt(Object value) {
        if (!"Fn::GetAtt".equals(functionName(value))) {
            return null;
        }
        Object arg = ((Map<?, ?>) value).get("Fn::GetAtt");
        if (arg instanceof String s) {
            int dot = s.indexOf('.');
            return dot < 0 ? List.of(s) : List.of(s.substring(0, dot), s.substring(dot + 1));
        }
        if (arg instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return null;
    }

    /** The template string of {@code Fn::Sub} (either form), else null. */
    public static String subTemplate(Object value) {
        if (!"Fn::Sub".equals(functionName(value))) {
            return null;
        }
        Object arg = ((Map<?, ?>) value).get("Fn::Sub");
        if (arg instanceof String s) {
            return s;
        }
        if (arg instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof String s) {
            return s;
        }
        return null;
    }

    /** The explicit variable map of the two-argument {@code Fn::Sub} form, else an empty map. */
    public static Map<?, ?> subVariables(Object value) {
        if ("Fn::Sub".equals(functionName(value))
                && ((Map<?, ?>) value).get("Fn::Sub") instanceof List<?> l
                && l.size() > 1 && l.get(1) instanceof Map<?, ?> vars) {
            return vars;
        }
        return Map.of();
    }

    /** Names referenced by {@code ${...}} in a Sub template, in order: {@code Name} or {@code Name.Attr}. */
    public static List<String> subReferences(String template) {
        List<String> names = new ArrayList<>();
        Matcher m = SUB_VARIABLE.matcher(template);
        while (m.find()) {
            names.add(m.group(1).trim());
        }
        return names;
    }
}
