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

    /**
     * The string a value stands for, with what CloudFormation fills in at deploy time written as
     * {@code ${Name}}: a plain string as it is; {@code Ref X} as {@code ${X}}; {@code Fn::GetAtt [X, A]}
     * as {@code ${X.A}}; an {@code Fn::Sub} template, its explicit variables substituted the same way;
     * an {@code Fn::Join} of such parts. So {@code !Sub /aws/lambda/${Worker}}, {@code !Join ["", [/aws/lambda/,
     * !Ref Worker]]} and {@code !Sub [/aws/lambda/${Name}, {Name: !Ref Worker}]} all read
     * {@code /aws/lambda/${Worker}}. Null when a part cannot be read (another intrinsic, a number).
     */
    static String flatText(Object value) {
        if (value instanceof String s) {
            return s;
        }
        String ref = Intrinsics.ref(value);
        if (ref != null) {
            return "${" + ref + "}";
        }
        List<String> getAtt = Intrinsics.getAtt(value);
        if (getAtt != null) {
            return getAtt.size() == 2 ? "${" + getAtt.get(0) + "." + getAtt.get(1) + "}" : null;
        }
        String sub = Intrinsics.subTemplate(value);
        if (sub != null) {
            StringBuilder out = new StringBuilder(sub);
            for (Map.Entry<?, ?> v : Intrinsics.subVariables(value).entrySet()) {
                String replacement = flatText(v.getValue());
                String placeholder = "${" + v.getKey() + "}";
                if (replacement == null) {
                    continue;
                }
                for (int at = out.indexOf(placeholder); at >= 0; at = out.indexOf(placeholder, at + replacement.length())) {
                    out.replace(at, at + placeholder.length(), replacement);
                }
            }
            return out.toString();
        }
        if ("Fn::Join".equals(Intrinsics.functionName(value))
                && ((Map<?, ?>) value).get("Fn::Join") instanceof List<?> args && args.size() == 2
                && args.get(0) instanceof String delimiter && args.get(1) instanceof List<?> parts) {
            List<String> texts = new ArrayList<>(parts.size());
            for (Object part : parts) {
                String t = flatText(part);
                if (t == null) {
                    return null;
                }
                texts.add(t);
            }
            return String.join(delimiter, texts);
        }
        return null;
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
