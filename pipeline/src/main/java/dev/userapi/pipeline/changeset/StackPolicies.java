package dev.userapi.pipeline.changeset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The stack policy of a protected environment: every update is allowed except replacing or deleting
 * a stateful resource. A stack policy is a second lock behind {@link SafetyPolicy}: it also holds
 * against someone updating the stack by hand.
 */
public final class StackPolicies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StackPolicies() {
    }

    /**
     * @param protectedIds logical ids to deny {@code Update:Replace} and {@code Update:Delete} on; an
     *                     empty set gives a policy that allows everything
     */
    public static String denyReplaceAndDelete(Set<String> protectedIds) {
        List<Map<String, Object>> statements = new ArrayList<>();
        statements.add(statement("Allow", List.of("Update:*"), "*"));
        if (!protectedIds.isEmpty()) {
            List<String> resources = new TreeSet<>(protectedIds).stream().map(id -> "LogicalResourceId/" + id).toList();
            statements.add(statement("Deny", List.of("Update:Replace", "Update:Delete"), resources));
        }
        try {
            return JSON.writeValueAsString(Map.of("Statement", statements));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> statement(String effect, List<String> actions, Object resource) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("Effect", effect);
        s.put("Action", actions);
        s.put("Principal", "*");
        s.put("Resource", resource);
        return s;
    }
}
