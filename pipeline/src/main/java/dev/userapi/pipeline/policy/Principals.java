package dev.userapi.pipeline.policy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reading who a resource-based or trust policy statement admits: whether its principal is everyone,
 * whether it is only this account, and whether a condition narrows "everyone" down to someone.
 */
final class Principals {
    /**
     * Condition keys that, pinned to concrete values, say who may call or where the call comes from:
     * the caller's account, organisation or ARN, the source resource or account of a service's call,
     * or the network it arrives through. AWS documents these for narrowing a {@code "*"} principal
     * (IAM global condition keys; kms:CallerAccount for key policies). kms:ViaService alone is not
     * among them: it admits any account that uses the key through that service.
     */
    static final List<String> NARROWING_KEYS = List.of("aws:PrincipalAccount", "aws:PrincipalOrgID",
            "aws:PrincipalOrgPaths", "aws:PrincipalArn", "aws:userid", "aws:SourceAccount", "aws:SourceArn",
            "aws:SourceOwner", "aws:SourceOrgID", "aws:SourceOrgPaths", "aws:SourceVpc", "aws:SourceVpce",
            "aws:SourceIp", "kms:CallerAccount");

    private static final Set<String> NARROWING = Set.copyOf(NARROWING_KEYS.stream()
            .map(k -> k.toLowerCase(Locale.ROOT)).toList());

    /**
     * Positive operators: the request must carry the key with a matching value. Negated operators,
     * {@code ...IfExists} (true when the key is absent) and {@code Null} do not narrow anything.
     */
    private static final Set<String> POSITIVE_OPERATORS = Set.of("stringequals", "stringequalsignorecase",
            "stringlike", "arnequals", "arnlike", "ipaddress");

    /** Negated operators: a Deny with one of them on a narrowing key admits only the named callers. */
    private static final Set<String> NEGATED_OPERATORS = Set.of("stringnotequals", "stringnotequalsignorecase",
            "stringnotlike", "arnnotequals", "arnnotlike", "notipaddress");

    /** The account root of this stack's account, however the template spells it. */
    private static final Pattern OWN_ROOT = Pattern.compile(
            "\\$\\{AWS::AccountId}|arn:(\\$\\{AWS::Partition}|aws|aws-cn|aws-us-gov):iam::\\$\\{AWS::AccountId}:root");

    private Principals() {
    }

    /**
     * The principal value that means "everyone", or null: {@code Principal: "*"}, {@code AWS: "*"} (alone or
     * in a list), {@code CanonicalUser: "*"}, or an Allow with {@code NotPrincipal} (everyone but the named).
     */
    static Located everyone(Statement s) {
        if (s.has("NotPrincipal")) {
            return new Located(s.body().get("NotPrincipal"), s.pathOf("NotPrincipal"));
        }
        Object principal = s.body().get("Principal");
        if ("*".equals(principal)) {
            return new Located(principal, s.pathOf("Principal"));
        }
        for (Map.Entry<String, Object> e : Nodes.map(principal).entrySet()) {
            if (e.getKey().equals("AWS") || e.getKey().equals("CanonicalUser")) {
                for (Located p : Nodes.alternatives(e.getValue(), s.pathOf("Principal", e.getKey()))) {
                    if ("*".equals(p.text())) {
                        return p;
                    }
                }
            }
        }
        return null;
    }

    /**
     * True when the statement's only principal is this account ({@code !Ref AWS::AccountId} or
     * {@code arn:${AWS::Partition}:iam::${AWS::AccountId}:root}): AWS's default key policy. Such a
     * statement delegates to the account's IAM policies, which then decide who may use the resource;
     * it grants nobody anything by itself. A literal account id is not taken to be this account.
     */
    static boolean onlyOwnAccount(Statement s) {
        if (s.has("NotPrincipal")) {
            return false;
        }
        Map<String, Object> principal = Nodes.map(s.body().get("Principal"));
        if (principal.size() != 1 || !principal.containsKey("AWS")) {
            return false;
        }
        List<Located> values = Nodes.alternatives(principal.get("AWS"), s.pathOf("Principal", "AWS"));
        return !values.isEmpty() && values.stream().allMatch(v -> {
            String text = Nodes.flatText(v.value());
            return text != null && OWN_ROOT.matcher(text).matches();
        });
    }

    /** The first narrowing key the statement's condition pins to a concrete value, or null. */
    static String narrowingKey(Statement s) {
        return conditionKey(s, POSITIVE_OPERATORS);
    }

    /** For a Deny: the narrowing key it requires by denying everyone else (StringNotEquals ...), or null. */
    static String deniedUnlessKey(Statement s) {
        return conditionKey(s, NEGATED_OPERATORS);
    }

    private static String conditionKey(Statement s, Set<String> operators) {
        for (Map.Entry<String, Object> op : Nodes.map(s.body().get("Condition")).entrySet()) {
            String operator = op.getKey().toLowerCase(Locale.ROOT);
            // ForAllValues: is true for a request without the key; ForAnyValue: on a single-valued key is the plain test.
            if (operator.startsWith("forallvalues:")) {
                continue;
            }
            String bare = operator.startsWith("foranyvalue:") ? operator.substring("foranyvalue:".length()) : operator;
            if (!operators.contains(bare)) {
                continue;
            }
            for (Map.Entry<String, Object> key : Nodes.map(op.getValue()).entrySet()) {
                if (NARROWING.contains(key.getKey().toLowerCase(Locale.ROOT)) && concrete(key.getValue())) {
                    return key.getKey();
                }
            }
        }
        return null;
    }

    /** Values that name someone: not empty, and none of them only wildcards ("*", "o-*" is fine, "*" is not). */
    private static boolean concrete(Object value) {
        List<Located> values = Nodes.alternatives(value, List.of());
        if (values.isEmpty()) {
            return false;
        }
        for (Located v : values) {
            String text = Nodes.flatText(v.value());
            if (text != null && (text.isBlank() || text.chars().allMatch(c -> c == '*' || c == '?'))) {
                return false;
            }
            if ("0.0.0.0/0".equals(text) || "::/0".equals(text)) {
                return false;
            }
        }
        return true;
    }
}
