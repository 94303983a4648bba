package dev.userapi.pipeline.changeset;

import dev.userapi.pipeline.template.Template;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.cloudformation.model.Capability;

/**
 * What one stack should become: everything CreateChangeSet needs, plus the safety facts derived from
 * the template.
 *
 * @param templateBody  the template text when it fits TemplateBody (51,200 bytes), else null
 * @param templateUrl   an S3 URL of the template when it does not fit, else null
 * @param roleArn       the CloudFormation execution role; null means the caller's own credentials
 *                      (bootstrap, where the execution role does not exist yet)
 * @param statefulIds   logical ids whose Remove or Replacement is refused unless allowed by name
 */
public record StackSpec(String stackName, Template template, String templateBody, String templateUrl,
                        Map<String, String> parameters, List<Capability> capabilities, String roleArn,
                        Map<String, String> tags, DeployId deployId, String description,
                        Set<String> statefulIds, boolean protectedStack, boolean disableRollback) {

    /** CloudFormation's limit for an inline TemplateBody, in bytes. */
    public static final int MAX_TEMPLATE_BODY_BYTES = 51_200;

    public StackSpec {
        parameters = Map.copyOf(parameters);
        capabilities = List.copyOf(capabilities);
        tags = Map.copyOf(tags);
        statefulIds = Set.copyOf(statefulIds);
        if ((templateBody == null) == (templateUrl == null)) {
            throw new IllegalArgumentException("exactly one of templateBody and templateUrl");
        }
        if (disableRollback && protectedStack) {
            throw new IllegalArgumentException("a protected stack always rolls back");
        }
    }

    /**
     * The parameter values the stack runs with once this spec is applied: those given, and each other
     * parameter's {@code Default} as CloudFormation applies it (a list default joined with commas).
     * ParameterKey → ParameterValue.
     */
    public Map<String, String> effectiveParameters() {
        Map<String, String> values = new LinkedHashMap<>();
        template.parameters().forEach((name, def) -> {
            if (def instanceof Map<?, ?> m && m.containsKey("Default")) {
                values.put(name, defaultValue(m.get("Default")));
            }
        });
        values.putAll(parameters);
        return values;
    }

    /** A parameter's parsed {@code Default} as a ParameterValue: a list joined with commas. */
    public static String defaultValue(Object parsed) {
        return parsed instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList()) : String.valueOf(parsed);
    }

    /** A spec whose failed changes roll back, as every stack's do unless {@code deploy --disable-rollback} says otherwise. */
    public StackSpec(String stackName, Template template, String templateBody, String templateUrl,
                     Map<String, String> parameters, List<Capability> capabilities, String roleArn,
                     Map<String, String> tags, DeployId deployId, String description,
                     Set<String> statefulIds, boolean protectedStack) {
        this(stackName, template, templateBody, templateUrl, parameters, capabilities, roleArn, tags, deployId, description,
                statefulIds, protectedStack, false);
    }
}
