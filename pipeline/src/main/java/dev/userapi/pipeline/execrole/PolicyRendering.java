package dev.userapi.pipeline.execrole;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The derived policy as the bootstrap template's YAML, as a JSON policy document, and as a per-type summary. */
public final class PolicyRendering {
    private static final int WIDTH = 104;

    private PolicyRendering() {
    }

    /** {@code {"Version": ..., "Statement": [...]}} with CloudFormation's intrinsics in JSON form. */
    public static String json(DerivedPolicy policy) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("Version", "2012-10-17");
        List<Object> statements = new ArrayList<>();
        policy.statements().forEach(s -> statements.add(s.toCloudFormation()));
        doc.put("Statement", statements);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the policy as JSON", e);
        }
    }

    /**
     * The statements as YAML list items at {@code indent}, each under a comment saying why, in the
     * form the bootstrap template keeps them ({@code !Sub} and {@code !Ref} short forms), so the
     * checked-in policy reads like the hand-written one it replaces.
     */
    public static String yamlStatements(DerivedPolicy policy, String indent) {
        StringBuilder out = new StringBuilder();
        for (PolicyStatement s : policy.statements()) {
            for (String line : wrap(s.why(), WIDTH - indent.length() - 2)) {
                out.append(indent).append("# ").append(line).append('\n');
            }
            out.append(indent).append("- Sid: ").append(s.sid()).append('\n');
            String body = indent + "  ";
            out.append(body).append("Effect: ").append(s.allow() ? "Allow" : "Deny").append('\n');
            out.append(body).append("Action:\n");
            for (String a : s.actions()) {
                out.append(body).append("  - ").append(a).append('\n');
            }
            if (s.resources().size() == 1) {
                out.append(body).append("Resource: ").append(resource(s.resources().get(0))).append('\n');
            } else {
                out.append(body).append("Resource:\n");
                for (String r : s.resources()) {
                    out.append(body).append("  - ").append(resource(r)).append('\n');
                }
            }
            if (!s.condition().isEmpty()) {
                out.append(body).append("Condition:\n");
                yamlMap(out, s.condition(), body + "  ");
            }
        }
        return out.toString();
    }

    private static String resource(String r) {
        return r.equals(PolicyStatement.ANY) ? "\"*\"" : "!Sub " + r;
    }

    @SuppressWarnings("unchecked")
    private static void yamlMap(StringBuilder out, Map<String, Object> map, String indent) {
        for (Map.Entry<String, Object> e : map.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Map<?, ?> m && m.size() == 1 && m.containsKey("Ref")) {
                out.append(indent).append(e.getKey()).append(": !Ref ").append(m.get("Ref")).append('\n');
            } else if (v instanceof Map<?, ?> m) {
                out.append(indent).append(e.getKey()).append(":\n");
                yamlMap(out, (Map<String, Object>) m, indent + "  ");
            } else {
                out.append(indent).append(e.getKey()).append(": ").append(v).append('\n');
            }
        }
    }

    /** Per type: where its permissions come from, what is granted under which Sid, what is withheld and why. */
    public static String summary(DerivedPolicy policy) {
        StringBuilder out = new StringBuilder();
        for (TypeSummary t : policy.types()) {
            out.append(t.type()).append("  (").append(t.source()).append(", retrieved ").append(t.retrieved()).append(")\n");
            Map<String, List<String>> bySid = new LinkedHashMap<>();
            t.granted().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> bySid.computeIfAbsent(e.getValue(), k -> new ArrayList<>()).add(e.getKey()));
            bySid.forEach((sid, actions) -> {
                PolicyStatement s = policy.statement(sid).orElseThrow();
                out.append("  granted ").append(String.join(", ", actions)).append("\n    on ")
                        .append(String.join(", ", s.resources())).append(s.condition().isEmpty() ? "" : " when " + s.condition())
                        .append(" [").append(sid).append("]\n");
            });
            // One line per reason: a type's unused optional features (KMS, VPC...) share one.
            Map<String, List<String>> byReason = new LinkedHashMap<>();
            t.withheld().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> byReason.computeIfAbsent(e.getValue(), k -> new ArrayList<>()).add(e.getKey()));
            byReason.forEach((reason, actions) -> out.append("  withheld ").append(String.join(", ", actions)).append("\n    ")
                    .append(reason).append('\n'));
            if (!t.ignored().isEmpty()) {
                out.append("  ignored (not IAM actions) ").append(String.join(", ", t.ignored())).append('\n');
            }
        }
        for (DerivedPolicy.Unmanageable u : policy.unmanageable()) {
            out.append(u.type()).append("  CANNOT BE MANAGED: ").append(u.reason()).append('\n');
        }
        return out.toString();
    }

    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.trim().split("\\s+")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
