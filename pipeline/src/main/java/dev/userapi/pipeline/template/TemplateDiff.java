package dev.userapi.pipeline.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Two templates compared the way a reviewer reads them: section by section, one block per resource,
 * output, parameter or condition that was added ({@code +}), removed ({@code -}) or changed ({@code ~}),
 * and in a changed block one line per property path whose value differs, values as compact JSON.
 * Intrinsic functions are compared as written ({@code !Sub …} as {@code {"Fn::Sub": …}}), so the diff is
 * of the templates, not of what CloudFormation would resolve.
 */
public final class TemplateDiff {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SECTIONS = List.of("Parameters", "Conditions", "Mappings", "Resources", "Outputs");

    private TemplateDiff() {
    }

    /** @return the diff's lines, empty when the templates say the same thing (whatever their formatting) */
    public static List<String> between(Template deployed, Template local) {
        List<String> lines = new ArrayList<>();
        for (String section : SECTIONS) {
            Map<String, Object> before = deployed.section(section);
            Map<String, Object> after = local.section(section);
            Set<String> names = new LinkedHashSet<>(before.keySet());
            names.addAll(after.keySet());
            for (String name : names) {
                Object a = before.get(name);
                Object b = after.get(name);
                String label = section + "." + name + type(b != null ? b : a);
                if (a == null) {
                    lines.add("+ " + label);
                } else if (b == null) {
                    lines.add("- " + label);
                } else if (!Objects.equals(normal(a), normal(b))) {
                    lines.add("~ " + label);
                    Map<String, String> fa = flatten(a);
                    Map<String, String> fb = flatten(b);
                    Set<String> paths = new java.util.TreeSet<>(fa.keySet());
                    paths.addAll(fb.keySet());
                    for (String p : paths) {
                        String va = fa.get(p);
                        String vb = fb.get(p);
                        if (va == null) {
                            lines.add("    + " + p + ": " + vb);
                        } else if (vb == null) {
                            lines.add("    - " + p + ": " + va);
                        } else if (!va.equals(vb)) {
                            lines.add("    ~ " + p + ": " + va + " -> " + vb);
                        }
                    }
                }
            }
        }
        Object da = deployed.root().get("Description");
        Object db = local.root().get("Description");
        if (!Objects.equals(da, db)) {
            lines.add(0, "~ Description: " + json(da) + " -> " + json(db));
        }
        return lines;
    }

    private static String type(Object definition) {
        return definition instanceof Map<?, ?> m && m.get("Type") instanceof String t && !t.isBlank() && !t.equals("String")
                && !t.equals("Number") && !t.startsWith("List<") && !t.startsWith("AWS::SSM") && t.contains("::") ? " (" + t + ")" : "";
    }

    /** Leaf paths (a.b[0].c) to their values as compact JSON; an empty map or list is a leaf too. */
    static Map<String, String> flatten(Object value) {
        Map<String, String> out = new TreeMap<>();
        flatten("", value, out);
        return out;
    }

    private static void flatten(String path, Object value, Map<String, String> out) {
        if (value instanceof Map<?, ?> m && !m.isEmpty() && !isIntrinsic(m)) {
            m.forEach((k, v) -> flatten(path.isEmpty() ? String.valueOf(k) : path + "." + k, v, out));
        } else if (value instanceof List<?> l && !l.isEmpty()) {
            for (int i = 0; i < l.size(); i++) {
                flatten(path + "[" + i + "]", l.get(i), out);
            }
        } else {
            out.put(path.isEmpty() ? "(value)" : path, json(value));
        }
    }

    /** {"Ref": …} and {"Fn::…": …} read best whole: a changed Sub string is one line, not a path into it. */
    private static boolean isIntrinsic(Map<?, ?> m) {
        return m.size() == 1 && m.keySet().iterator().next() instanceof String k && (k.equals("Ref") || k.startsWith("Fn::") || k.equals("Condition"));
    }

    private static Object normal(Object v) {
        return flatten(v);
    }

    private static String json(Object v) {
        try {
            return JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            return String.valueOf(v);
        }
    }
}
