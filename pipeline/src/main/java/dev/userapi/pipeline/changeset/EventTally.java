package dev.userapi.pipeline.changeset;

import dev.userapi.pipeline.progress.EventFormatter;
import dev.userapi.pipeline.progress.Printer;
import java.util.List;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/**
 * What a watch of one stack operation has seen of its events, shared by {@link StackDeployer} (a
 * change set's execution) and {@link OperationWatch} (delete, rollback, cancel): each event printed as
 * it arrives, the first failed resource (the root cause), the stack's own last status, and a count.
 */
final class EventTally {
    private final Printer out;
    private final EventFormatter fmt;
    private StackEvent firstFailure;
    private String lastStatus;
    private int count;

    EventTally(Printer out, EventFormatter fmt) {
        this.out = out;
        this.fmt = fmt;
    }

    /**
     * Prints and takes in one batch of new events, oldest first, all of it.
     *
     * @return the terminal status the stack's own events in it reached (the last, should there be two), or null while
     *         it is still changing
     */
    String take(List<StackEvent> batch) {
        String terminal = null;
        for (StackEvent e : batch) {
            count++;
            out.info(fmt.format(e));
            String status = e.resourceStatusAsString();
            boolean stackEvent = EventStream.isStackEvent(e);
            if (firstFailure == null && status.endsWith("_FAILED") && !stackEvent) {
                firstFailure = e;
            }
            if (stackEvent) {
                lastStatus = status;
                if (StackStates.isTerminal(status)) {
                    terminal = status;
                }
            }
        }
        return terminal;
    }

    /** A status read from the stack itself (DescribeStacks), which events can lag behind. */
    void sawStatus(String status) {
        lastStatus = status;
    }

    /** The first failed resource's event; null when none failed. */
    StackEvent firstFailure() {
        return firstFailure;
    }

    /** The stack's last known status; null before its first event. */
    String lastStatus() {
        return lastStatus;
    }

    /** How many events were taken in. */
    int count() {
        return count;
    }
}
