package dev.userapi.pipeline.policy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** One statement of a policy document. Actions and resources may be one string or a list. */
public record Statement(PolicyDocument document, List<Object> path, Map<String, Object> body) {

    /** Operators that pin a key to given values; {@code Null}, negations and {@code ...IfExists} do not. */
    private static final Set<String> PINNING_OPERATORS = Set.of("stringequals", "stringequalsignorecase",
            "stringlike", "arnequals", "arnlike");

    public boolean isAllow() {
        return "Allow".equals(body.get("Effect"));
    }

    public boolean has(String key) {
        return body.containsKey(key);
    }

    /** Every value of {@code key} (e.g. each action), with its path. */
    public List<Located> values(String key) {
        return Nodes.alternatives(body.get(key), Nodes.append(path, key));
    }

    public List<Object> pathOf(String... keys) {
        return Nodes.append(path, (Object[]) keys);
    }

    /** Literal values of {@code key}; intrinsics are skipped. */
    public List<String> texts(String key) {
        return values(key).stream().map(Located::text).filter(t -> t != null).toList();
    }

    /**
     * True when a condition pins {@code key} (IAM keys are case-insensitive) with an operator that
     * requires the key to be present and equal to, or match, given values.
     */
    public boolean pins(String key) {
        for (Map.Entry<String, Object> op : Nodes.map(body.get("Condition")).entrySet()) {
            String operator = op.getKey().toLowerCase(Locale.ROOT);
            int colon = operator.indexOf(':');
            String bare = colon < 0 ? operator : operator.substring(colon + 1); // ForAnyValue:StringEquals
            if (PINNING_OPERATORS.contains(bare)) {
                for (String k : Nodes.map(op.getValue()).keySet()) {
                    if (k.equalsIgnoreCase(key)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The service principals (string or list under {@code Principal.Service}). Sub templates read as text. */
    public List<Located> servicePrincipals() {
        return Nodes.alternatives(Nodes.map(body.get("Principal")).get("Service"), Nodes.append(path, "Principal", "Service"));
    }
}
