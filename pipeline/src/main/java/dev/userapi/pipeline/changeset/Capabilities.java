package dev.userapi.pipeline.changeset;

import dev.userapi.pipeline.template.Resource;
import dev.userapi.pipeline.template.Template;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.cloudformation.model.Capability;

/**
 * The capabilities a template needs, computed from what it contains, so a deploy acknowledges exactly
 * what the template does and no more: IAM resources need {@code CAPABILITY_IAM}; IAM resources with
 * custom names need {@code CAPABILITY_NAMED_IAM} instead (a fixed name can collide across stacks);
 * macros and transforms need {@code CAPABILITY_AUTO_EXPAND}.
 */
public final class Capabilities {
    /** IAM resource types that make CloudFormation ask for an IAM capability. */
    private static final Set<String> IAM_TYPES = Set.of(
            "AWS::IAM::AccessKey", "AWS::IAM::Group", "AWS::IAM::InstanceProfile", "AWS::IAM::ManagedPolicy",
            "AWS::IAM::Policy", "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::UserToGroupAddition",
            "AWS::IAM::RolePolicy", "AWS::IAM::UserPolicy", "AWS::IAM::GroupPolicy");

    /** The property that gives an IAM resource a custom name, per type. */
    private static final Map<String, String> NAME_PROPERTIES = Map.of(
            "AWS::IAM::Role", "RoleName",
            "AWS::IAM::ManagedPolicy", "ManagedPolicyName",
            "AWS::IAM::User", "UserName",
            "AWS::IAM::Group", "GroupName",
            "AWS::IAM::InstanceProfile", "InstanceProfileName");

    private Capabilities() {
    }

    public static List<Capability> required(Template template) {
        Set<Capability> out = EnumSet.noneOf(Capability.class);
        boolean iam = false;
        boolean named = false;
        for (Resource r : template.resources().values()) {
            if (IAM_TYPES.contains(r.type())) {
                iam = true;
                String nameProperty = NAME_PROPERTIES.get(r.type());
                if (nameProperty != null && r.property(nameProperty) != null) {
                    named = true;
                }
            }
            if (r.type().startsWith("AWS::Serverless::")) {
                out.add(Capability.CAPABILITY_AUTO_EXPAND);
            }
        }
        if (named) {
            out.add(Capability.CAPABILITY_NAMED_IAM);
        } else if (iam) {
            out.add(Capability.CAPABILITY_IAM);
        }
        if (template.hasTransform() || containsKey(template.root(), "Fn::Transform")) {
            out.add(Capability.CAPABILITY_AUTO_EXPAND);
        }
        return List.copyOf(out);
    }

    private static boolean containsKey(Object node, String key) {
        if (node instanceof Map<?, ?> m) {
            if (m.containsKey(key)) {
                return true;
            }
            for (Object v : m.values()) {
                if (containsKey(v, key)) {
                    return true;
                }
            }
        } else if (node instanceof List<?> l) {
            for (Object v : l) {
                if (containsKey(v, key)) {
                    return true;
                }
            }
        }
        return false;
    }
}
