package dev.userapi.pipeline.template;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The checks CloudFormation makes of a parameter value against its declaration, made before any AWS
 * call: {@code AllowedValues}, {@code AllowedPattern}, {@code MinLength}/{@code MaxLength}, the
 * {@code Number} type and {@code MinValue}/{@code MaxValue}; for a list type
 * ({@code CommaDelimitedList}, {@code List<…>}) each item. One checker for every command that sets
 * parameters: {@code deploy}, {@code plan} and {@code diff} (values from accounts.yaml) and
 * {@code pipeline local} (defaults and {@code --parameter}).
 */
public final class ParameterConstraints {
    private ParameterConstraints() {
    }

    /** Whether the parameter type takes a comma-separated list. */
    public static boolean isList(String type) {
        return type.equals("CommaDelimitedList") || type.startsWith("List<");
    }

    /** A list parameter's items, as CloudFormation splits them (on commas, surrounding blanks removed). */
    public static List<String> items(String raw) {
        if (raw.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String item : raw.split(",", -1)) {
            out.add(item.strip());
        }
        return out;
    }

    /**
     * @param definition the parameter's declaration in the template's {@code Parameters}
     * @return what CloudFormation would object to, e.g. {@code not one of the AllowedValues [7, 14]}
     *         ({@code item 'x': …} for a list item), or null when it accepts the value
     */
    public static String violation(Map<?, ?> definition, String raw) {
        String type = definition.get("Type") instanceof String s ? s : "String";
        boolean list = isList(type);
        for (String value : list ? items(raw) : List.of(raw)) {
            String p = violationOfOne(definition, type, value);
            if (p != null) {
                return list ? "item '" + value + "': " + p : p;
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
                n = new BigDecimal(value.strip());
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
