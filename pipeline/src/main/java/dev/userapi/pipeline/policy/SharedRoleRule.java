package dev.userapi.pipeline.policy;

import dev.userapi.pipeline.template.Intrinsics;
import dev.userapi.pipeline.template.Resource;
import dev.userapi.pipeline.template.Template;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Two Lambda functions running as the same role. */
public final class SharedRoleRule implements Rule {

    @Override
    public String id() {
        return "lambda-shared-role";
    }

    @Override
    public String title() {
        return "Two functions share one execution role";
    }

    @Override
    public String description() {
        return "AWS::Lambda::Function resources whose Role is the same (!GetAtt R.Arn, !Ref, or the same literal or "
                + "Fn::Sub ARN).";
    }

    @Override
    public String why() {
        return "A shared role holds the union of what every function needs: the read-only function can also delete, "
                + "and a flaw in any one of them exposes all of their permissions.";
    }

    @Override
    public String fix() {
        return "Give each function its own AWS::IAM::Role with only the actions that function calls, on only the "
                + "resources it touches.";
    }

    @Override
    public void check(Template template, Report report) {
        Map<String, Resource> firstByRole = new HashMap<>();
        for (Resource fn : template.resourcesOfType("AWS::Lambda::Function").values()) {
            String role = key(fn.property("Role"));
            if (role == null) {
                continue;
            }
            Resource first = firstByRole.putIfAbsent(role, fn);
            if (first != null) {
                report.add(fn, List.of("Resources", fn.logicalId(), "Properties", "Role"), fn.logicalId() + " runs as the same role as "
                        + first.logicalId() + " (" + shown(role) + "): give each function its own role with only its own permissions");
            }
        }
    }

    /** A comparable identity of the role a Role property names, or null when it cannot be told. */
    private static String key(Object role) {
        List<String> getAtt = Intrinsics.getAtt(role);
        if (getAtt != null && !getAtt.isEmpty()) {
            return "resource:" + getAtt.get(0);
        }
        String ref = Intrinsics.ref(role);
        if (ref != null) {
            return "ref:" + ref;
        }
        String text = Nodes.textOrSub(role);
        return text == null ? null : "arn:" + text;
    }

    private static String shown(String key) {
        return key.substring(key.indexOf(':') + 1);
    }
}
