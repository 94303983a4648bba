package dev.userapi.pipeline.execrole;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one resource type's CloudFormation handlers call, as its registry schema publishes it
 * ({@code handlers.<create|read|update|delete|list>.permissions}).
 *
 * @param source where the list was read (a DescribeType call or a schema file at a commit)
 * @param retrieved the day it was read, ISO-8601
 */
public record HandlerPermissions(String type, String source, String retrieved, Map<String, List<String>> handlers) {

    /**
     * The handlers a stack operation runs. {@code list} is left out: CloudFormation calls it for
     * resource discovery (Cloud Control ListResources, the IaC generator), never to create, update
     * or delete a stack's resources.
     */
    public static final List<String> STACK_HANDLERS = List.of("create", "read", "update", "delete");

    public HandlerPermissions {
        handlers = Map.copyOf(handlers);
    }

    /** The actions of the stack handlers, in first-published order, each once. */
    public Set<String> stackActions() {
        Set<String> out = new LinkedHashSet<>();
        for (String handler : STACK_HANDLERS) {
            out.addAll(handlers.getOrDefault(handler, List.of()));
        }
        return out;
    }
}
