package dev.userapi.pipeline.changeset;

import java.util.Set;

/**
 * What a deploy may do with a stack in each CloudFormation status. The decisions follow the
 * documented lifecycle: a stack whose first create failed ({@code ROLLBACK_COMPLETE}) can only be
 * deleted; one made by an unexecuted CREATE change set ({@code REVIEW_IN_PROGRESS}) takes another
 * CREATE change set; any other {@code *_IN_PROGRESS} belongs to someone else's operation.
 */
public final class StackStates {

    public enum Disposition {
        /** No such stack: CREATE change set. */
        MISSING,
        /** REVIEW_IN_PROGRESS: the stack exists only as a placeholder; CREATE change set. */
        REVIEW,
        /** ROLLBACK_COMPLETE: delete it, then CREATE. */
        RECREATE,
        /** A stable status an UPDATE change set can start from. */
        UPDATABLE,
        /** Another operation holds the stack: wait (bounded) or refuse. */
        BUSY,
        /** A status that needs a human first (see {@link #guidance}). */
        BLOCKED
    }

    private static final Set<String> UPDATABLE = Set.of(
            "CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE", "IMPORT_ROLLBACK_COMPLETE");

    /** Statuses an operation ends in; everything else is still moving. */
    private static final Set<String> TERMINAL = Set.of(
            "CREATE_COMPLETE", "CREATE_FAILED", "ROLLBACK_COMPLETE", "ROLLBACK_FAILED",
            "DELETE_COMPLETE", "DELETE_FAILED", "UPDATE_COMPLETE", "UPDATE_FAILED",
            "UPDATE_ROLLBACK_COMPLETE", "UPDATE_ROLLBACK_FAILED",
            "IMPORT_COMPLETE", "IMPORT_ROLLBACK_COMPLETE", "IMPORT_ROLLBACK_FAILED");

    private static final Set<String> SUCCESS = Set.of("CREATE_COMPLETE", "UPDATE_COMPLETE", "IMPORT_COMPLETE");

    private StackStates() {
    }

    public static Disposition disposition(StackSnapshot stack) {
        if (stack == null || "DELETE_COMPLETE".equals(stack.status())) {
            return Disposition.MISSING;
        }
        String s = stack.status();
        if ("REVIEW_IN_PROGRESS".equals(s)) {
            return Disposition.REVIEW;
        }
        if ("ROLLBACK_COMPLETE".equals(s)) {
            return Disposition.RECREATE;
        }
        if (UPDATABLE.contains(s)) {
            return Disposition.UPDATABLE;
        }
        if (s.endsWith("_IN_PROGRESS")) {
            return Disposition.BUSY;
        }
        return Disposition.BLOCKED;
    }

    public static boolean isTerminal(String status) {
        return TERMINAL.contains(status);
    }

    public static boolean isSuccess(String status) {
        return SUCCESS.contains(status);
    }

    /** What a human has to do before a stack in a BLOCKED status can be deployed again. */
    public static String guidance(StackSnapshot stack) {
        String name = stack.stackName();
        String why = stack.statusReason() == null || stack.statusReason().isBlank() ? "" : " (" + stack.statusReason() + ")";
        return switch (stack.status()) {
            case "UPDATE_ROLLBACK_FAILED" -> "stack " + name + " is UPDATE_ROLLBACK_FAILED" + why
                    + ": the last update could not be rolled back. Fix the resource that failed to roll back, or skip it,"
                    + " with 'pipeline rollback --env ENV [--skip LOGICAL_ID]' (ContinueUpdateRollback), and deploy again once it"
                    + " is UPDATE_ROLLBACK_COMPLETE.";
            case "ROLLBACK_FAILED" -> "stack " + name + " is ROLLBACK_FAILED" + why
                    + ": its first create failed and the rollback could not delete everything. Delete it"
                    + " (aws cloudformation delete-stack --stack-name " + name
                    + ", with --retain-resources for what cannot be deleted) and deploy again.";
            case "DELETE_FAILED" -> "stack " + name + " is DELETE_FAILED" + why
                    + ": a delete was started and could not finish. Finish it with 'pipeline delete --env ENV' (or aws cloudformation"
                    + " delete-stack --stack-name " + name + " --retain-resources for what cannot be deleted), or ask why it was deleted.";
            case "UPDATE_FAILED", "CREATE_FAILED" -> "stack " + name + " is " + stack.status() + why
                    + ": the last operation ran with rollback disabled. Roll it back with 'pipeline rollback --env ENV'"
                    + " (RollbackStack) and deploy again.";
            case "IMPORT_ROLLBACK_FAILED" -> "stack " + name + " is IMPORT_ROLLBACK_FAILED" + why
                    + ": run ContinueUpdateRollback (aws cloudformation continue-update-rollback --stack-name " + name + ") first.";
            default -> "stack " + name + " is " + stack.status() + why + ", which a deploy cannot start from.";
        };
    }
}
