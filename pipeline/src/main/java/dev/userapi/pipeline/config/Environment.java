package dev.userapi.pipeline.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stage of the promotion (dev, staging, prod) with every target it deploys to.
 *
 * @param parameters stack parameter overrides, values as CloudFormation receives them (strings)
 * @param after nullable: the environment whose deployed artifact this one promotes
 * @param isProtected needs explicit approval; gets termination protection and a stack policy
 * @param trustedPrincipals IAM ARNs of humans allowed to assume the deployer role (bootstrap input)
 * @param parameterLines the accounts.yaml line of each parameter, so a value the template refuses is
 *     reported where it was written; empty for an environment not read from a file
 * @param parametersFromEnv stack parameters whose value is read at deploy time from an environment
 *                          variable ({@code { env: NAME }} in accounts.yaml): parameter → variable name.
 *                          Secrets stay out of git; their values are never printed or recorded.
 */
public record Environment(String name, List<Target> targets, Map<String, String> parameters,
                          String after, boolean isProtected, List<String> trustedPrincipals,
                          Map<String, Integer> parameterLines, Map<String, String> parametersFromEnv) {

    public Environment {
        targets = List.copyOf(targets);
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        trustedPrincipals = List.copyOf(trustedPrincipals);
        parameterLines = Map.copyOf(parameterLines);
        parametersFromEnv = Collections.unmodifiableMap(new LinkedHashMap<>(parametersFromEnv));
    }

    public Environment(String name, List<Target> targets, Map<String, String> parameters,
                       String after, boolean isProtected, List<String> trustedPrincipals) {
        this(name, targets, parameters, after, isProtected, trustedPrincipals, Map.of(), Map.of());
    }
}
