package dev.userapi.pipeline.policy;

import dev.userapi.pipeline.suggest.Suggestions;
import dev.userapi.pipeline.template.Intrinsics;
import dev.userapi.pipeline.template.Template;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** References to parameters, resources, conditions and mappings that the template does not define. */
public final class UndefinedReferenceRule implements Rule {

    /** In a fixed order, so a suggestion among them is the same on every run. */
    static final Set<String> PSEUDO_PARAMETERS = Collections.unmodifiableSet(new LinkedHashSet<>(List.of("AWS::AccountId",
            "AWS::NotificationARNs", "AWS::NoValue", "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName",
            "AWS::URLSuffix")));

    @Override
    public String id() {
        return "undefined-reference";
    }

    @Override
    public String title() {
        return "A reference names nothing the template defines";
    }

    @Override
    public String description() {
        return "Ref, Fn::GetAtt, ${Name} and ${Resource.Attribute} in Fn::Sub, DependsOn, Condition names (on resources, "
                + "outputs, Fn::If and inside Conditions) and Fn::FindInMap map names must name a parameter, resource, "
                + "condition or mapping of the template; AWS:: pseudo parameters are defined. Conditions may refer only to "
                + "parameters, Fn::GetAtt only to resources. Templates with a Transform are skipped: macros add names.";
    }

    @Override
    public String why() {
        return "CloudFormation only finds these when it validates the change set, and a misspelt name in a policy or an "
                + "environment variable is exactly the kind of typo a reviewer reads past.";
    }

    @Override
    public String fix() {
        return "Correct the name (the message suggests the closest defined one), or define the missing parameter, "
                + "resource, condition or mapping.";
    }

    @Override
    public void check(Template template, Report report) {
        if (template.hasTransform()) {
            return;
        }
        new Walk(template, report).run();
    }

    private enum Scope { RESOURCES, OUTPUTS, CONDITIONS, RULES }

    private static final class Walk {
        private final Template t;
        private final Report report;
        private final Set<String> parameters;
        private final Set<String> resources;
        private final Set<String> conditions;
        private final Set<String> mappings;

        Walk(Template t, Report report) {
            this.t = t;
            this.report = report;
            this.parameters = t.parameters().keySet();
            this.resources = t.section("Resources").keySet();
            this.conditions = t.conditions().keySet();
            this.mappings = t.mappings().keySet();
        }

        void run() {
            t.section("Resources").forEach((id, def) -> {
                Map<String, Object> d = Nodes.map(def);
                List<Object> base = List.of("Resources", id);
                walk(d.get("Properties"), Nodes.append(base, "Properties"), Scope.RESOURCES);
                for (Located dep : Nodes.alternatives(d.get("DependsOn"), Nodes.append(base, "DependsOn"))) {
                    if (dep.text() != null && !resources.contains(dep.text())) {
                        report.add(dep.path(), "DependsOn " + dep.text() + ": no resource has that name" + hint(dep.text(), resources));
                    } else if (id.equals(dep.text())) {
                        report.add(dep.path(), "DependsOn " + id + ": a resource cannot depend on itself");
                    }
                }
                condition(d.get("Condition"), Nodes.append(base, "Condition"));
            });
            t.outputs().forEach((id, def) -> {
                Map<String, Object> d = Nodes.map(def);
                List<Object> base = List.of("Outputs", id);
                walk(d.get("Value"), Nodes.append(base, "Value"), Scope.OUTPUTS);
                walk(d.get("Export"), Nodes.append(base, "Export"), Scope.OUTPUTS);
                condition(d.get("Condition"), Nodes.append(base, "Condition"));
            });
            t.conditions().forEach((id, def) -> walk(def, List.of("Conditions", id), Scope.CONDITIONS));
            t.section("Rules").forEach((id, def) -> walk(def, List.of("Rules", id), Scope.RULES));
        }

        private void condition(Object name, List<Object> path) {
            if (name instanceof String c && !conditions.contains(c)) {
                report.add(path, "Condition " + c + ": no condition has that name" + hint(c, conditions));
            }
        }

        private void walk(Object node, List<Object> path, Scope scope) {
            if (node instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    walk(list.get(i), Nodes.append(path, i), scope);
                }
                return;
            }
            if (!(node instanceof Map<?, ?> map)) {
                return;
            }
            String fn = Intrinsics.functionName(node);
            if (fn == null || (fn.equals("Condition") && scope != Scope.CONDITIONS)) {
                map.forEach((k, v) -> walk(v, Nodes.append(path, String.valueOf(k)), scope));
                return;
            }
            Object arg = map.get(fn);
            List<Object> at = Nodes.append(path, fn);
            switch (fn) {
                case "Ref" -> ref(arg, at, scope);
                case "Fn::GetAtt" -> getAtt(node, at, scope);
                case "Fn::Sub" -> sub(node, at, scope);
                case "Condition" -> condition(arg, at);
                case "Fn::If" -> {
                    if (arg instanceof List<?> args && !args.isEmpty()) {
                        condition(args.get(0), at);
                        for (int i = 1; i < args.size(); i++) {
                            walk(args.get(i), Nodes.append(at, i), scope);
                        }
                    }
                }
                case "Fn::FindInMap" -> {
                    if (arg instanceof List<?> args && !args.isEmpty()) {
                        if (args.get(0) instanceof String m && !mappings.contains(m)) {
                            report.add(at, "Fn::FindInMap " + m + ": no mapping has that name" + hint(m, mappings));
                        }
                        walk(arg, at, scope);
                    }
                }
                default -> walk(arg, at, scope);
            }
        }

        private void ref(Object arg, List<Object> at, Scope scope) {
            if (!(arg instanceof String name)) {
                walk(arg, at, scope);
                return;
            }
            if (name.startsWith("AWS::")) {
                if (!PSEUDO_PARAMETERS.contains(name)) {
                    report.add(at, "Ref " + name + ": no such pseudo parameter" + hint(name, PSEUDO_PARAMETERS));
                }
                return;
            }
            boolean parameter = parameters.contains(name);
            boolean resource = resources.contains(name);
            if (scope == Scope.CONDITIONS || scope == Scope.RULES) {
                if (resource && !parameter) {
                    report.add(at, "Ref " + name + ": " + (scope == Scope.CONDITIONS ? "conditions" : "rules")
                            + " can only refer to parameters and pseudo parameters, and " + name + " is a resource");
                } else if (!parameter) {
                    report.add(at, "Ref " + name + ": no parameter has that name" + hint(name, parameters));
                }
                return;
            }
            if (!parameter && !resource) {
                report.add(at, "Ref " + name + ": no parameter or resource has that name" + hint(name, union(parameters, resources)));
            }
        }

        private void getAtt(Object node, List<Object> at, Scope scope) {
            List<String> target = Intrinsics.getAtt(node);
            Object raw = ((Map<?, ?>) node).get("Fn::GetAtt");
            if (raw instanceof List<?> l && !l.isEmpty() && !(l.get(0) instanceof String)) {
                walk(raw, at, scope);
                return;
            }
            if (target == null || target.isEmpty()) {
                return;
            }
            String id = target.get(0);
            if (resources.contains(id)) {
                if (raw instanceof List<?> l && l.size() > 1) {
                    walk(l.get(1), Nodes.append(at, 1), scope);
                }
                return;
            }
            String what = parameters.contains(id) ? ": " + id + " is a parameter; Fn::GetAtt reads attributes of resources"
                    : ": no resource has that name" + hint(id, resources);
            report.add(at, "Fn::GetAtt " + String.join(".", target) + what);
        }

        private void sub(Object node, List<Object> at, Scope scope) {
            String template = Intrinsics.subTemplate(node);
            Map<?, ?> variables = Intrinsics.subVariables(node);
            if (template != null) {
                for (String name : Intrinsics.subReferences(template)) {
                    if (variables.containsKey(name)) {
                        continue;
                    }
                    checkSubName(name, at, scope);
                }
            }
            variables.forEach((k, v) -> walk(v, Nodes.append(at, 1, String.valueOf(k)), scope));
        }

        private void checkSubName(String name, List<Object> at, Scope scope) {
            if (name.startsWith("AWS::")) {
                if (!PSEUDO_PARAMETERS.contains(name)) {
                    report.add(at, "${" + name + "} in Fn::Sub: no such pseudo parameter" + hint(name, PSEUDO_PARAMETERS));
                }
                return;
            }
            int dot = name.indexOf('.');
            if (dot > 0) {
                String id = name.substring(0, dot);
                if (!resources.contains(id)) {
                    report.add(at, "${" + name + "} in Fn::Sub: no resource named " + id + hint(id, resources));
                }
                return;
            }
            if (scope == Scope.CONDITIONS && resources.contains(name) && !parameters.contains(name)) {
                report.add(at, "${" + name + "} in Fn::Sub: conditions can only refer to parameters, and " + name + " is a resource");
            } else if (!parameters.contains(name) && !resources.contains(name)) {
                report.add(at, "${" + name + "} in Fn::Sub: no parameter or resource has that name"
                        + hint(name, union(parameters, resources)));
            }
        }
    }

    /** Both, in order: of two equally close suggestions the one defined first wins. */
    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return out;
    }

    /** "; did you mean X?" for the closest defined name, else "". */
    static String hint(String name, Set<String> defined) {
        return Suggestions.closest(name, defined).map(d -> "; did you mean " + d + "?").orElse("");
    }
}
