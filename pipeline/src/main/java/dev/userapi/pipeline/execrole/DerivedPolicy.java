package dev.userapi.pipeline.execrole;

import java.util.List;
import java.util.Optional;

/**
 * The execution role's policy for a set of resource types, with what happened to each type's actions.
 *
 * @param unmanageable types the role cannot be derived for (no published permissions in the table, or
 *     no scope), each with the reason; a template holding one cannot be deployed by this role
 */
public record DerivedPolicy(List<PolicyStatement> statements, List<TypeSummary> types, List<Unmanageable> unmanageable) {

    /** A type the derivation cannot grant, and what to do about it. */
    public record Unmanageable(String type, String reason) {
    }

    public DerivedPolicy {
        statements = List.copyOf(statements);
        types = List.copyOf(types);
        unmanageable = List.copyOf(unmanageable);
    }

    public Optional<PolicyStatement> statement(String sid) {
        return statements.stream().filter(s -> s.sid().equals(sid)).findFirst();
    }

    public Optional<TypeSummary> type(String type) {
        return types.stream().filter(t -> t.type().equals(type)).findFirst();
    }
}
