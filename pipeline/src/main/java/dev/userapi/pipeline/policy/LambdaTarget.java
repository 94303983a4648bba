package dev.userapi.pipeline.policy;

import dev.userapi.pipeline.template.Intrinsics;
import dev.userapi.pipeline.template.Resource;
import dev.userapi.pipeline.template.Template;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code FunctionName} or an integration's function ARN names among the template's resources:
 * a function ({@code qualifier} null), or one of its aliases or versions. Lambda applies a resource
 * policy statement only to the ARN it was added for, so "the same function" is not enough: a
 * permission on the function does not let anyone invoke its alias, and the other way round.
 *
 * @param function   the AWS::Lambda::Function's logical id
 * @param qualifier  the alias's Name ({@code live}), {@code version <logical id>} for a version, or null
 * @param via        the AWS::Lambda::Alias or Version named, or null for the function itself
 */
public record LambdaTarget(String function, String qualifier, String via) {
    private static final String FUNCTION = "AWS::Lambda::Function";
    private static final String ALIAS = "AWS::Lambda::Alias";
    private static final String VERSION = "AWS::Lambda::Version";

    /** {@code ${X}} or {@code ${X.Attr}}, then an optional {@code :qualifier} written out. */
    private static final Pattern SUB_TARGET = Pattern.compile("\\$\\{([A-Za-z0-9]+)(?:\\.([A-Za-z]+))?}(?::([A-Za-z0-9_$-]+))?");
    /** The function part of a Lambda integration URI: {@code ...:lambda:path/2015-03-31/functions/ARN/invocations}. */
    private static final Pattern INVOCATION = Pattern.compile(":lambda:path/2015-03-31/functions/(.+)/invocations$");

    /** Whether both name the same ARN: the same function, and the same alias or version of it (or neither). */
    public boolean sameAs(LambdaTarget other) {
        return function.equals(other.function) && java.util.Objects.equals(qualifier, other.qualifier);
    }

    /** "CreateUserAlias (alias live of CreateUserFunction)", or the function's logical id. */
    public String describe() {
        if (via == null) {
            return function;
        }
        return via + " (" + (qualifier.startsWith("version ") ? "a version" : "alias " + qualifier) + " of " + function + ")";
    }

    /**
     * The target of a value of the template: {@code !Ref} a function, alias or version, {@code !GetAtt}
     * F.Arn, A.AliasArn or V.FunctionArn, or a {@code !Sub} of one of those with {@code :alias} written
     * out. Null when it names nothing of the template (a literal name, another account's function) or
     * takes a form this does not read.
     */
    public static LambdaTarget of(Template template, Object value) {
        String ref = Intrinsics.ref(value);
        if (ref != null) {
            return resolve(template, ref, null, null);
        }
        List<String> getAtt = Intrinsics.getAtt(value);
        if (getAtt != null) {
            return getAtt.size() == 2 ? resolve(template, getAtt.get(0), getAtt.get(1), null) : null;
        }
        String sub = Intrinsics.subTemplate(value);
        if (sub != null && Intrinsics.subVariables(value).isEmpty()) {
            return ofSub(template, sub);
        }
        return null;
    }

    /** The target of an API Gateway method's Lambda integration ({@code Integration.Uri}), or null. */
    public static LambdaTarget ofIntegration(Template template, Resource method) {
        if (!(method.property("Integration") instanceof Map<?, ?> integration)) {
            return null;
        }
        String sub = Intrinsics.subTemplate(integration.get("Uri"));
        if (sub == null || !Intrinsics.subVariables(integration.get("Uri")).isEmpty()) {
            return null;
        }
        Matcher m = INVOCATION.matcher(sub);
        return m.find() ? ofSub(template, m.group(1)) : null;
    }

    private static LambdaTarget ofSub(Template template, String text) {
        Matcher m = SUB_TARGET.matcher(text);
        return m.matches() ? resolve(template, m.group(1), m.group(2), m.group(3)) : null;
    }

    private static LambdaTarget resolve(Template template, String logicalId, String attribute, String writtenQualifier) {
        Resource r = template.resources().get(logicalId);
        if (r == null) {
            return null;
        }
        LambdaTarget named;
        if (r.isType(FUNCTION) && (attribute == null || attribute.equals("Arn"))) {
            named = new LambdaTarget(logicalId, null, null);
        } else if (r.isType(ALIAS) && (attribute == null || attribute.equals("AliasArn"))) {
            String function = functionOf(template, r);
            if (function == null || !(r.property("Name") instanceof String name)) {
                return null;
            }
            named = new LambdaTarget(function, name, logicalId);
        } else if (r.isType(VERSION) && (attribute == null || attribute.equals("FunctionArn"))) {
            String function = functionOf(template, r);
            if (function == null) {
                return null;
            }
            named = new LambdaTarget(function, "version " + logicalId, logicalId);
        } else {
            return null;
        }
        if (writtenQualifier == null) {
            return named;
        }
        if (named.via() != null) {
            return null; // an alias or version ARN with another qualifier after it is no Lambda ARN
        }
        // F.Arn:live names the alias of F called live: the template's, if it defines one.
        for (Resource alias : template.resourcesOfType(ALIAS).values()) {
            if (writtenQualifier.equals(alias.property("Name")) && named.function().equals(functionOf(template, alias))) {
                return new LambdaTarget(named.function(), writtenQualifier, alias.logicalId());
            }
        }
        return new LambdaTarget(named.function(), writtenQualifier, named.function() + ":" + writtenQualifier);
    }

    /** The function of an alias or version: its FunctionName as !Ref F or !GetAtt F.Arn. */
    private static String functionOf(Template template, Resource aliasOrVersion) {
        LambdaTarget t = of(template, aliasOrVersion.property("FunctionName"));
        return t != null && t.via() == null ? t.function() : null;
    }
}
