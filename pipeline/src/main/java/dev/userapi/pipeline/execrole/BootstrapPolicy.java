package dev.userapi.pipeline.execrole;

import dev.userapi.pipeline.template.Resource;
import dev.userapi.pipeline.template.Template;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The execution role's policy as the bootstrap template ({@code target-account.yaml}) holds it: a
 * block of statements between two marker comments that {@code pipeline policy exec-role --write}
 * regenerates, so the template stays plain, reviewable CloudFormation and a change of the role is a
 * diff in review.
 */
public final class BootstrapPolicy {
    public static final String BEGIN = "# BEGIN derived from the app template by `pipeline policy exec-role --write`; do not edit by hand";
    public static final String END = "# END derived";
    public static final String EXEC_ROLE = "CfnExecRole";
    public static final String POLICY_NAME = "app-stack-resources";

    private BootstrapPolicy() {
    }

    /** {@code text} with the derived block replaced by {@code policy}'s statements, at the block's indentation. */
    public static String rewrite(Path file, String text, DerivedPolicy policy) {
        List<String> lines = List.of(text.split("\n", -1));
        int begin = -1;
        int end = -1;
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i).strip();
            if (t.equals(BEGIN)) {
                begin = begin < 0 ? i : duplicate(file, i);
            } else if (t.equals(END)) {
                end = end < 0 ? i : duplicate(file, i);
            }
        }
        if (begin < 0 || end < begin) {
            throw new ExecRoleException(file + ": " + EXEC_ROLE + "'s policy has no derived block: put the lines '" + BEGIN + "' and '"
                    + END + "' around the Statement list of " + POLICY_NAME + ", at the list's indentation");
        }
        String line = lines.get(begin);
        String indent = line.substring(0, line.indexOf('#'));
        StringBuilder out = new StringBuilder();
        for (int i = 0; i <= begin; i++) {
            out.append(lines.get(i)).append('\n');
        }
        out.append(PolicyRendering.yamlStatements(policy, indent));
        for (int i = end; i < lines.size(); i++) {
            out.append(lines.get(i));
            if (i < lines.size() - 1) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static int duplicate(Path file, int index) {
        throw new ExecRoleException(file + ":" + (index + 1) + ": a second derived-block marker; keep one BEGIN and one END line");
    }

    /** The statements of the execution role's policy in {@code bootstrap}, normalized (Action and Resource always lists). */
    public static List<Map<String, Object>> checkedIn(Template bootstrap) {
        Resource role = bootstrap.resources().get(EXEC_ROLE);
        if (role == null) {
            throw new ExecRoleException(bootstrap.file() + ": no " + EXEC_ROLE + " resource; the execution role's policy lives there");
        }
        for (Object p : list(role.property("Policies"))) {
            if (p instanceof Map<?, ?> policy && POLICY_NAME.equals(policy.get("PolicyName"))
                    && policy.get("PolicyDocument") instanceof Map<?, ?> doc) {
                List<Map<String, Object>> out = new ArrayList<>();
                for (Object s : list(doc.get("Statement"))) {
                    if (s instanceof Map<?, ?> statement) {
                        out.add(normalize(statement));
                    }
                }
                return out;
            }
        }
        throw new ExecRoleException(bootstrap.file() + ":" + bootstrap.line("Resources", EXEC_ROLE) + ": " + EXEC_ROLE + " has no policy named "
                + POLICY_NAME + " with a PolicyDocument; the derived statements belong there");
    }

    public static List<Map<String, Object>> normalized(DerivedPolicy policy) {
        return policy.statements().stream().map(s -> normalize(s.toCloudFormation())).toList();
    }

    /**
     * Empty when the bootstrap template holds exactly the derived statements; otherwise what differs
     * first, by Sid, so a reviewer knows where to look.
     */
    public static Optional<String> drift(Template bootstrap, DerivedPolicy policy) {
        List<Map<String, Object>> have = checkedIn(bootstrap);
        List<Map<String, Object>> want = normalized(policy);
        if (have.equals(want)) {
            return Optional.empty();
        }
        for (int i = 0; i < Math.max(have.size(), want.size()); i++) {
            Map<String, Object> h = i < have.size() ? have.get(i) : null;
            Map<String, Object> w = i < want.size() ? want.get(i) : null;
            if (!Objects.equals(h, w)) {
                String where = w != null ? "statement " + (i + 1) + " should be " + w.get("Sid") + " " + w.get("Action")
                        : "statement " + (i + 1) + " (" + h.get("Sid") + ") is not derived";
                return Optional.of(bootstrap.file() + ": " + EXEC_ROLE + "'s policy is not the one derived from the app template (" + where
                        + (h == null ? "" : "; it is " + h.get("Sid") + " " + h.get("Action")) + ")");
            }
        }
        return Optional.of(bootstrap.file() + ": " + EXEC_ROLE + "'s policy differs from the derived one");
    }

    /**
     * Per resource type, the derived actions the bootstrap template's execution role does not grant
     * on the derived resources under the derived condition; types whose every action is granted are absent.
     */
    public static Map<String, List<String>> missing(DerivedPolicy policy, Template bootstrap) {
        List<Map<String, Object>> have = checkedIn(bootstrap);
        Map<String, List<String>> out = new TreeMap<>();
        for (TypeSummary t : policy.types()) {
            TreeSet<String> missing = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            t.granted().forEach((action, sid) -> {
                Map<String, Object> want = normalize(policy.statement(sid).orElseThrow().toCloudFormation());
                boolean granted = have.stream().anyMatch(h -> "Allow".equals(h.get("Effect"))
                        && list(h.get("Action")).stream().anyMatch(a -> action.equalsIgnoreCase(String.valueOf(a)))
                        && Objects.equals(h.get("Resource"), want.get("Resource"))
                        && Objects.equals(h.get("Condition"), want.get("Condition")));
                if (!granted) {
                    missing.add(action);
                }
            });
            if (!missing.isEmpty()) {
                out.put(t.type(), List.copyOf(missing));
            }
        }
        return out;
    }

    private static Map<String, Object> normalize(Map<?, ?> statement) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Sid", statement.get("Sid"));
        out.put("Effect", statement.get("Effect"));
        out.put("Action", list(statement.get("Action")));
        out.put("Resource", list(statement.get("Resource")));
        if (statement.get("Condition") != null) {
            out.put("Condition", statement.get("Condition"));
        }
        return out;
    }

    private static List<Object> list(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> l ? new ArrayList<>(l) : List.of(value);
    }
}
