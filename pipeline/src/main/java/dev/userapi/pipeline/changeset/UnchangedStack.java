package dev.userapi.pipeline.changeset;

import dev.userapi.pipeline.template.Resource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Whether a deployed stack already is what a spec asks for, so that its change set could only come
 * back empty and need not be made: one GetTemplate in place of CreateChangeSet, DescribeChangeSet
 * until CloudFormation has computed it (seconds on AWS) and DeleteChangeSet. The idea is the CDK's
 * "skip deploy" check, made stricter, so that a skipped change set is one CloudFormation would have
 * found empty:
 * <ul>
 * <li>only a stack whose last operation succeeded (CREATE_COMPLETE, UPDATE_COMPLETE, IMPORT_COMPLETE);
 *     a rolled-back or failed one always gets a change set;</li>
 * <li>never when CloudFormation resolves something afresh on each change set, so the same text can
 *     mean a different stack: a {@code Transform} or {@code Fn::Transform} (long or short form), a
 *     nested stack, a module ({@code ...::MODULE}), an {@code AWS::SSM::Parameter::*} parameter type,
 *     a dynamic reference ({@code {{resolve:...}}}) anywhere in the parsed template or in a parameter
 *     value;</li>
 * <li>never when a value cannot be read back: a NoEcho parameter, which DescribeStacks masks; nor
 *     when a parameter left to its Default has one whose written form reads differently once parsed
 *     ({@code 010}, {@code 1.50}, {@code ~}, a list), since which of the two CloudFormation applies is
 *     not ours to guess;</li>
 * <li>the execution role, the stack's tags and every parameter value (the given ones and the
 *     template's defaults) must be equal, and the deployed template (GetTemplate, stage Original)
 *     byte for byte the one in the spec; the template is read last, only when all else matches.</li>
 * </ul>
 * What an update change set keeps when it is not given (notification ARNs, the rollback
 * configuration, the stack policy, termination protection) cannot make a difference, so it is not
 * compared. A template passed by URL (over 51,200 bytes) always gets a change set.
 */
public final class UnchangedStack {

    /** The statuses of a stack whose last operation succeeded. */
    private static final Set<String> SETTLED = Set.of("CREATE_COMPLETE", "UPDATE_COMPLETE", "IMPORT_COMPLETE");

    /** How a dynamic reference starts ({@code {{resolve:ssm:...}}}, {@code {{resolve:secretsmanager:...}}}). */
    private static final String DYNAMIC_REFERENCE = "{{resolve:";

    /** How DescribeStacks answers a NoEcho parameter's value. */
    private static final String MASKED = "****";

    private UnchangedStack() {
    }

    /**
     * @param spec             what the stack should become
     * @param stack            what DescribeStacks said of it; null when it does not exist
     * @param deployedTemplate GetTemplate's TemplateBody (stage Original); called at most once, and only
     *                         when everything else matches
     * @return empty when the stack already matches {@code spec}; otherwise why a change set is needed
     */
    public static Optional<String> difference(StackSpec spec, StackSnapshot stack, Supplier<String> deployedTemplate) {
        if (stack == null) {
            return Optional.of("the stack does not exist");
        }
        if (!SETTLED.contains(stack.status())) {
            return Optional.of("the stack is " + stack.status());
        }
        if (spec.templateBody() == null) {
            return Optional.of("the template is passed by URL");
        }
        Optional<String> resolved = resolvedOnEachChange(spec);
        if (resolved.isPresent()) {
            return resolved;
        }
        if (!Objects.equals(emptyToNull(stack.roleArn()), spec.roleArn())) {
            return Optional.of("the execution role differs");
        }
        if (!stack.tags().equals(spec.tags())) {
            return Optional.of("the stack's tags differ");
        }
        for (var e : spec.template().parameters().entrySet()) {
            if (e.getValue() instanceof Map<?, ?> def && "true".equalsIgnoreCase(String.valueOf(def.get("NoEcho")))) {
                return Optional.of("parameter " + e.getKey() + " is NoEcho, so its deployed value cannot be compared");
            }
        }
        Optional<String> ambiguous = ambiguousDefault(spec);
        if (ambiguous.isPresent()) {
            return ambiguous;
        }
        if (stack.parameters().containsValue(MASKED)) {
            return Optional.of("a deployed parameter value is masked");
        }
        if (!stack.parameters().equals(spec.effectiveParameters())) {
            return Optional.of("parameter values differ");
        }
        if (!spec.templateBody().equals(deployedTemplate.get())) {
            return Optional.of("the template differs");
        }
        return Optional.empty();
    }

    private static Optional<String> resolvedOnEachChange(StackSpec spec) {
        // The parsed template, not its text: !Transform is Fn::Transform there, and an escaped "{{\x72esolve:"
        // is a dynamic reference like any other.
        if (spec.template().hasTransform() || anyKey(spec.template().root(), "Fn::Transform")) {
            return Optional.of("the template has a Transform");
        }
        for (Resource r : spec.template().resources().values()) {
            if (r.isType("AWS::CloudFormation::Stack")) {
                return Optional.of("the template has nested stacks");
            }
            if (r.type().endsWith("::MODULE")) {
                return Optional.of("the template uses module " + r.type() + ", expanded from the registry on each change");
            }
        }
        for (var e : spec.template().parameters().entrySet()) {
            if (e.getValue() instanceof Map<?, ?> def && String.valueOf(def.get("Type")).startsWith("AWS::SSM::Parameter::")) {
                return Optional.of("parameter " + e.getKey() + " is read from SSM Parameter Store on each change");
            }
        }
        if (anyText(spec.template().root(), DYNAMIC_REFERENCE) || spec.parameters().values().stream().anyMatch(v -> v.contains(DYNAMIC_REFERENCE))) {
            return Optional.of("the template has dynamic references");
        }
        return Optional.empty();
    }

    /** A parameter the spec leaves to its Default, where the Default as written and as parsed differ. */
    private static Optional<String> ambiguousDefault(StackSpec spec) {
        for (var e : spec.template().parameters().entrySet()) {
            if (spec.parameters().containsKey(e.getKey()) || !(e.getValue() instanceof Map<?, ?> def) || !def.containsKey("Default")) {
                continue;
            }
            Object parsed = def.get("Default");
            String written = spec.template().literals().get("Parameters/" + e.getKey() + "/Default");
            if (parsed instanceof Map<?, ?> || parsed instanceof List<?> || (written != null && !written.equals(String.valueOf(parsed)))) {
                return Optional.of("parameter " + e.getKey() + "'s Default is written in a form CloudFormation may read differently");
            }
        }
        return Optional.empty();
    }

    private static boolean anyKey(Object node, String key) {
        return switch (node) {
            case Map<?, ?> m -> m.containsKey(key) || m.values().stream().anyMatch(v -> anyKey(v, key));
            case List<?> l -> l.stream().anyMatch(v -> anyKey(v, key));
            case null, default -> false;
        };
    }

    private static boolean anyText(Object node, String part) {
        return switch (node) {
            case String s -> s.contains(part);
            case Map<?, ?> m -> m.keySet().stream().anyMatch(k -> anyText(k, part)) || m.values().stream().anyMatch(v -> anyText(v, part));
            case List<?> l -> l.stream().anyMatch(v -> anyText(v, part));
            case null, default -> false;
        };
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
