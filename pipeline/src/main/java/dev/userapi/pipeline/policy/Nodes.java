package dev.userapi.pipeline.policy;

import dev.userapi.pipeline.template.Intrinsics;
import dev.userapi.pipeline.template.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reading template values whose shape CloudFormation leaves open (one value or a list, Fn::If). */
final class Nodes {
    private Nodes() {
    }

    /**
     * Every value {@code value} may take, each with its path: list items one by one, both branches
     * of {@code Fn::If}, and nothing for {@code Ref AWS::NoValue}. Other intrinsics are returned
     * as they are (a rule that cannot read them leaves them alone).
     */
    static List<Located> alternatives(Object value, List<Object> path) {
        List<Located> out = new ArrayList<>();
        collect(value, path, out);
        return out;
    }

    private static void collect(Object value, List<Object> path, List<Located> out) {
        if (value == null || "AWS::NoValue".equals(Intrinsics.ref(value))) {
            return;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collect(list.get(i), append(path, i), out);
            }
            return;
        }
        if ("Fn::If".equals(Intrinsics.functionName(value))
                && ((Map<?, ?>) value).get("Fn::If") instanceof List<?> args && args.size() == 3) {
            collect(args.get(1), append(path, "Fn::If", 1), out);
            collect(args.get(2), append(path, "Fn::If", 2), out);
            return;
        }
        out.add(new Located(value, path));
    }

    static List<Object> append(List<Object> path, Object... more) {
        List<Object> out = new ArrayList<>(path.size() + more.length);
        out.addAll(path);
        out.addAll(List.of(more));
        return out;
    }

    /** A plain string, or the template of an {@code Fn::Sub}: the text a reader sees. Else null. */
    static String textOrSub(Object value) {
        if (value instanceof String s) {
            return s;
        }
        return Intrinsics.subTemplate(value);
    }

    static boolean isFalse(Object value) {
        return Boolean.FALSE.equals(value) || (value instanceof String s && s.equalsIgnoreCase("false"));
    }

    /** A property is absent when missing, null or an empty string; an intrinsic counts as present. */
    static boolean absent(Object value) {
        return value == null || (value instanceof String s && s.isBlank());
    }

    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? Template.cast(m) : Map.of();
    }
}
