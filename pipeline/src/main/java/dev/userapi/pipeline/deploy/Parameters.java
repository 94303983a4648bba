package dev.userapi.pipeline.deploy;

import dev.userapi.pipeline.changeset.DeployException;
import dev.userapi.pipeline.suggest.Suggestions;
import dev.userapi.pipeline.template.ParameterConstraints;
import dev.userapi.pipeline.template.Template;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The stack parameters of one target: what the pipeline sets itself (app name, artifact bucket and
 * key) plus the environment's {@code parameters:} from accounts.yaml, checked against the template's
 * declarations before any AWS call — an unknown name, a value outside AllowedValues or a missing
 * required parameter is bad input, not a failed change set ten seconds later.
 */
final class Parameters {
    private Parameters() {
    }

    /**
     * @param pipelineValues values the pipeline owns; set only where the template declares them
     * @param configured     the environment's parameters from accounts.yaml
     */
    static Map<String, String> resolve(Template template, Path configFile, String environment,
                                       Map<String, String> pipelineValues, Map<String, String> configured) {
        return resolve(template, configFile, environment, pipelineValues, configured, Map.of(), Map.of(), Map.of());
    }

    /**
     * @param lines      the accounts.yaml line of each configured parameter: every problem with one is
     *                   reported as {@code accounts.yaml:LINE: environments.ENV.parameters.NAME: ...}
     * @param fromEnv    parameters given as {@code { env: VARIABLE }}: parameter → variable name
     * @param processEnv the deploying process's environment, where those variables are read
     */
    static Map<String, String> resolve(Template template, Path configFile, String environment,
                                       Map<String, String> pipelineValues, Map<String, String> configured,
                                       Map<String, Integer> lines, Map<String, String> fromEnv,
                                       Map<String, String> processEnv) {
        Map<String, Object> declared = template.parameters();
        Map<String, String> out = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Map<String, String> all = new LinkedHashMap<>(configured);
        fromEnv.forEach((k, variable) -> {
            String value = processEnv.get(variable);
            if (value == null || value.isEmpty()) {
                Integer line = lines.get(k);
                problems.add(configFile + (line == null || line <= 0 ? "" : ":" + line) + ": environments." + environment
                        + ".parameters." + k + ": comes from the environment variable "
                        + variable + ", which is not set here; export it (in GitHub Actions: env: " + variable
                        + ": ${{ secrets." + variable + " }})");
            } else {
                all.put(k, value);
            }
        });
        Set<String> secret = secretNames(template, fromEnv.keySet());
        configured = all;
        pipelineValues.forEach((k, v) -> {
            if (declared.containsKey(k)) {
                out.put(k, v);
            }
        });
        configured.forEach((k, v) -> {
            Integer line = lines.get(k);
            String field = configFile + (line == null || line <= 0 ? "" : ":" + line) + ": environments." + environment
                    + ".parameters." + k;
            if (pipelineValues.containsKey(k)) {
                problems.add(field + ": set by the pipeline itself (" + String.join(", ", pipelineValues.keySet()) + "); remove it");
            } else if (!declared.containsKey(k)) {
                problems.add(field + ": " + template.file() + " declares no parameter " + k + "; "
                        + Suggestions.closest(k, declared.keySet()).map(s -> "did you mean " + s + "? ").orElse("")
                        + "declared: " + String.join(", ", declared.keySet()) + " (rename it, or remove the line)");
            } else {
                String problem = check(k, v, declared.get(k));
                if (problem != null) {
                    // A secret's value never reaches the output, not even in a complaint about it.
                    problems.add(field + ": " + (secret.contains(k) ? problem.replace(v, MASK) : problem));
                }
                out.put(k, v);
            }
        });
        declared.forEach((k, def) -> {
            if (!out.containsKey(k) && !(def instanceof Map<?, ?> m && m.containsKey("Default"))) {
                problems.add(configFile + ": environments." + environment + ".parameters: " + template.file()
                        + " needs a value for " + k + " (line " + template.line("Parameters", k) + "), which has no Default");
            }
        });
        if (!problems.isEmpty()) {
            throw DeployException.badInput(String.join("\n", problems));
        }
        return out;
    }

    /** What is printed instead of a secret parameter's value. */
    static final String MASK = "****";

    /**
     * The parameters whose values are never printed or recorded: those the template declares
     * {@code NoEcho: true}, and those read from an environment variable.
     */
    static Set<String> secretNames(Template template, Set<String> fromEnv) {
        Set<String> out = new TreeSet<>(fromEnv);
        template.parameters().forEach((k, def) -> {
            if (def instanceof Map<?, ?> d && d.get("NoEcho") != null && "true".equalsIgnoreCase(String.valueOf(d.get("NoEcho")))) {
                out.add(k);
            }
        });
        return out;
    }

    /** The values as they may be shown: secrets masked. */
    static Map<String, String> masked(Map<String, String> values, Set<String> secret) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, secret.contains(k) ? MASK : v));
        return out;
    }

    /** The template's own constraints on a value (the one checker, {@link ParameterConstraints}), so a typo fails here. */
    private static String check(String name, String value, Object definition) {
        if (!(definition instanceof Map<?, ?> d)) {
            return null;
        }
        String problem = ParameterConstraints.violation(d, value);
        return problem == null ? null : "'" + value + "': " + problem + " (parameter " + name + ")";
    }
}
