package dev.userapi.pipeline.changeset;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Refuses a change set that would remove or replace a stateful resource, unless the person deploying
 * named that logical id with {@code --allow-replace}. {@code Replacement: Conditional} counts: "maybe
 * replaced" is not a risk to take with a table by accident.
 */
public final class SafetyPolicy {

    /**
     * @param blocked changes refused: destructive, stateful and not allowed
     * @param allowed destructive stateful changes that {@code --allow-replace} named
     * @param unused  {@code --allow-replace} ids that matched no destructive change (likely a typo)
     */
    public record Verdict(List<Change> blocked, List<Change> allowed, Set<String> unused) {
        public boolean refused() {
            return !blocked.isEmpty();
        }

        public String explain() {
            StringBuilder s = new StringBuilder();
            for (Change c : blocked) {
                s.append("refusing to ").append(c.isRemove() ? "remove" : c.replacementUnknown()
                                ? "change (" + c.action() + ", and the endpoint did not say whether it replaces it)"
                                : "replace (Replacement: " + c.replacement() + ")")
                        .append(' ').append(c.logicalId()).append(" (").append(c.type()).append(")")
                        .append(": it holds state that would be lost. If this is intended, deploy again with --allow-replace ")
                        .append(c.logicalId()).append('\n');
            }
            return s.toString().stripTrailing();
        }
    }

    private SafetyPolicy() {
    }

    public static Verdict check(List<Change> changes, Set<String> statefulIds, Set<String> allowReplace) {
        List<Change> blocked = new ArrayList<>();
        List<Change> allowed = new ArrayList<>();
        Set<String> unused = new LinkedHashSet<>(allowReplace);
        for (Change c : changes) {
            if (!c.isDestructive()) {
                continue;
            }
            if (!(statefulIds.contains(c.logicalId()) || StatefulResources.isStatefulType(c.type()))) {
                continue;
            }
            if (allowReplace.contains(c.logicalId())) {
                allowed.add(c);
                unused.remove(c.logicalId());
            } else {
                blocked.add(c);
            }
        }
        return new Verdict(List.copyOf(blocked), List.copyOf(allowed), Set.copyOf(unused));
    }
}
