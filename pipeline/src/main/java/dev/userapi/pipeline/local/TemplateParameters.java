package dev.userapi.pipeline.local;

import dev.userapi.pipeline.template.Template;
import dev.userapi.pipeline.template.TemplateException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The values the template's parameters take locally: each parameter's {@code Default}, replaced by a
 * {@code --parameter Key=Value}, checked against the constraints CloudFormation checks (allowed values,
 * pattern, lengths, numeric bounds), so a value AWS would reject is rejected here too.
 */
final class TemplateParameters {

    private TemplateParameters() {
    }

    /**
     * @return parameter name → value ({@code String}, or {@code List<String>} for list types); a
     *         parameter with neither a default nor an override is absent, and {@code Ref} to it fails
     *         only if something `pipeline local` needs uses it
     */
    static Map<String, Object> resolve(Template template, Map<String, String> overrides) {
        Map<String, Object> declared = template.parameters();
        for (String name : overrides.keySet()) {
            if (!declared.containsKey(name)) {
                throw LocalException.badInput("--parameter " + name + ": " + template.file() + " has no parameter '"
                        + name + "'; its parameters are " + String.join(", ", declared.keySet()));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        declared.forEach((name, spec) -> {
            Map<?, ?> def = spec instanceof Map<?, ?> m ? m : Map.of();
            String type = def.get("Type") instanceof String s ? s : "String";
            boolean overridden = overrides.containsKey(name);
            if (!overridden && type.startsWith("AWS::SSM::Parameter::")) {
                // The Default names a Parameter Store entry that AWS reads at deploy time; locally there is no value.
                return;
            }
            String raw = overridden ? overrides.get(name) : scalar(def.get("Default"));
            if (raw == null) {
                return;
            }
            String problem = violation(def, type, raw);
            if (problem != null) {
                if (overridden) {
                    throw LocalException.badInput("--parameter " + name + "=" + raw + ": " + problem);
                }
                throw new TemplateException(template.file(), template.line("Parameters", name, "Default"),
                        "the Default '" + raw + "' of parameter " + name + ": " + problem);
            }
            values.put(name, isList(type) ? splitList(raw) : raw);
        });
        return values;
    }

    /** The stack name `pipeline local` pretends to run as: {@code <AppName>-local}, else {@code local}. */
    static String stackName(Map<String, Object> values) {
        return values.get("AppName") instanceof String app && !app.isBlank() ? app + "-local" : "local";
    }

    private static boolean isList(String type) {
        return type.equals("CommaDelimitedList") || type.startsWith("List<");
    }

    private static List<String> splitList(String raw) {
        if (raw.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String item : raw.split(",", -1)) {
            out.add(item.strip());
        }
        return out;
    }

    private static String scalar(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    /** What CloudFormation would say about this value, or null when it accepts it. */
    private static String violation(Map<?, ?> def, String type, String raw) {
        List<String> items = isList(type) ? splitList(raw) : List.of(raw);
        for (String value : items) {
            String p = violationOfOne(def, type, value);
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    private static String violationOfOne(Map<?, ?> def, String type, String value) {
        if (def.get("AllowedValues") instanceof List<?> allowed) {
            List<String> ok = allowed.stream().map(String::valueOf).toList();
            if (!ok.contains(value)) {
                return "not one of the AllowedValues " + ok;
            }
        }
        if (def.get("AllowedPattern") instanceof String pattern) {
            try {
                if (!Pattern.compile(pattern).matcher(value).matches()) {
                    return "does not match the AllowedPattern " + pattern;
                }
            } catch (PatternSyntaxException e) {
                return "the AllowedPattern " + pattern + " is not a valid regular expression";
            }
        }
        Long minLength = number(def.get("MinLength"));
        Long maxLength = number(def.get("MaxLength"));
        if (minLength != null && value.length() < minLength) {
            return "shorter than MinLength " + minLength;
        }
        if (maxLength != null && value.length() > maxLength) {
            return "longer than MaxLength " + maxLength;
        }
        boolean numeric = type.equals("Number") || type.equals("List<Number>");
        if (numeric || def.containsKey("MinValue") || def.containsKey("MaxValue")) {
            BigDecimal n;
            try {
                n = new BigDecimal(value);
            } catch (NumberFormatException e) {
                return "not a number";
            }
            if (def.get("MinValue") != null && n.compareTo(new BigDecimal(String.valueOf(def.get("MinValue")))) < 0) {
                return "less than MinValue " + def.get("MinValue");
            }
            if (def.get("MaxValue") != null && n.compareTo(new BigDecimal(String.valueOf(def.get("MaxValue")))) > 0) {
                return "greater than MaxValue " + def.get("MaxValue");
            }
        }
        return null;
    }

    private static Long number(Object o) {
        if (o == null) {
            return null;
        }
        try {
            return Long.parseLong(String.valueOf(o));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
