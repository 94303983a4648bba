package dev.userapi.pipeline.changeset;

import java.util.List;
import java.util.Set;

/** Where a stack stands once its change set is ready to review: what {@link StackDeployer#prepare} found. */
public sealed interface Prepared {

    StackSpec spec();

    /** The stack before anything ran; null when it did not exist. */
    StackSnapshot before();

    List<Change> changes();

    /**
     * A change set in CREATE_COMPLETE / AVAILABLE, ready to review and execute.
     *
     * @param statefulIds  the stateful logical ids of the new template and, for removals, of the current one
     * @param createdStack whether creating the change set created the (REVIEW_IN_PROGRESS) stack, so
     *                     discarding it must delete the stack too
     */
    record Ready(StackSpec spec, StackSnapshot before, String stackId, String changeSetId, String changeSetName,
                 String changeSetType, List<Change> changes, Set<String> statefulIds, boolean createdStack) implements Prepared {
        public Ready {
            changes = List.copyOf(changes);
            statefulIds = Set.copyOf(statefulIds);
        }
    }

    /** Nothing to change; any change set made to find out has already been deleted. */
    record NoChanges(StackSpec spec, StackSnapshot before, String reason) implements Prepared {
        @Override
        public List<Change> changes() {
            return List.of();
        }
    }

    /**
     * The stack is ROLLBACK_COMPLETE (its first create failed): it has to be deleted and created again.
     * Nothing is deleted while preparing, so a plan or a refused review leaves it as it was; the
     * changes are the template's resources, all Add, which is what the CREATE change set will say.
     */
    record Recreate(StackSpec spec, StackSnapshot before, List<Change> changes) implements Prepared {
        public Recreate {
            changes = List.copyOf(changes);
        }
    }
}
