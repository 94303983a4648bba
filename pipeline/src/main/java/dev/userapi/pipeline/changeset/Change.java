package dev.userapi.pipeline.changeset;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudformation.model.ResourceChange;
import software.amazon.awssdk.services.cloudformation.model.ResourceChangeDetail;

/**
 * One row of a change set, in the words CloudFormation uses.
 *
 * @param action      Add, Modify, Remove, Import, Dynamic
 * @param replacement True, False, Conditional, or empty for Add/Remove
 * @param scope       what changes: Properties, Tags, Metadata, ...
 * @param details     one entry per changed attribute: "Properties.KeySchema (Always, DirectModification)"
 */
public record Change(String action, String logicalId, String physicalId, String type, String replacement,
                     List<String> scope, List<String> details) {

    public Change {
        scope = List.copyOf(scope);
        details = List.copyOf(details);
        replacement = replacement == null ? "" : replacement;
        physicalId = physicalId == null ? "" : physicalId;
    }

    public static Change of(ResourceChange rc) {
        List<String> details = new ArrayList<>();
        for (ResourceChangeDetail d : rc.details()) {
            if (d.target() == null) {
                continue;
            }
            StringBuilder s = new StringBuilder();
            s.append(d.target().attributeAsString());
            if (d.target().name() != null) {
                s.append('.').append(d.target().name());
            }
            List<String> why = new ArrayList<>();
            if (d.target().requiresRecreation() != null) {
                why.add(d.target().requiresRecreationAsString());
            }
            if (d.changeSource() != null) {
                why.add(d.changeSourceAsString() + (d.causingEntity() != null ? " " + d.causingEntity() : ""));
            }
            if (!why.isEmpty()) {
                s.append(" (").append(String.join(", ", why)).append(')');
            }
            details.add(s.toString());
        }
        return new Change(rc.actionAsString(), rc.logicalResourceId(), rc.physicalResourceId(), rc.resourceType(),
                rc.replacementAsString(), rc.scopeAsStrings(), details);
    }

    public boolean isRemove() {
        return "Remove".equals(action);
    }

    /**
     * {@code Replacement: True} and {@code Conditional} both may replace the resource. So may a Modify
     * whose Replacement is absent: AWS always says, but some AWS-compatible endpoints (moto) list only
     * the action, and not knowing is no reason to assume the table survives. {@code Dynamic} is
     * CloudFormation's "the exact action can't be determined", which may be a replacement too.
     */
    public boolean mayReplace() {
        return "Modify".equals(action) && ("True".equals(replacement) || "Conditional".equals(replacement) || replacement.isEmpty())
                || "Dynamic".equals(action);
    }

    /** Whether the endpoint left unsaid if this change replaces the resource (see {@link #mayReplace}). */
    public boolean replacementUnknown() {
        return "Modify".equals(action) && replacement.isEmpty() || "Dynamic".equals(action);
    }

    /** Whether this change could destroy the resource's current physical instance. */
    public boolean isDestructive() {
        return isRemove() || mayReplace();
    }
}
