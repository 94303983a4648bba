package dev.userapi.pipeline.local;

import dev.userapi.pipeline.template.ParameterConstraints;
import dev.userapi.pipeline.template.Template;
import dev.userapi.pipeline.template.TemplateException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values the template's parameters take locally: each parameter's {@code Default}, replaced by a
 * {@code --parameter Key=Value}, checked by {@link ParameterConstraints} as a deploy checks them, so a
 * value AWS would reject is rejected here too.
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
            String problem = ParameterConstraints.violation(def, raw);
            if (problem != null) {
                if (overridden) {
                    throw LocalException.badInput("--parameter " + name + "=" + raw + ": " + problem);
                }
                throw new TemplateException(template.file(), template.line("Parameters", name, "Default"),
                        "the Default '" + raw + "' of parameter " + name + ": " + problem);
            }
            values.put(name, ParameterConstraints.isList(type) ? ParameterConstraints.items(raw) : raw);
        });
        return values;
    }

    /** The stack name `pipeline local` pretends to run as: {@code <AppName>-local}, else {@code local}. */
    static String stackName(Map<String, Object> values) {
        return values.get("AppName") instanceof String app && !app.isBlank() ? app + "-local" : "local";
    }

    private static String scalar(Object value) {
        return value == null ? null : String.valueOf(value);
    }
}
