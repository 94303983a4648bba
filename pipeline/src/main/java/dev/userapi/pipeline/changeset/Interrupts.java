package dev.userapi.pipeline.changeset;

import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import software.amazon.awssdk.core.exception.AbortedException;

/**
 * Whether a failure is really Ctrl-C. An interrupt that reaches the thread while an SDK call is on the
 * wire does not come out as an InterruptedException: the SDK throws an {@link AbortedException}, or a
 * read cut short comes out as a client error ("Unable to unmarshall response"), and the thread's
 * interrupt flag stays set, which would abort every later call, cleanup included.
 */
public final class Interrupts {
    private Interrupts() {
    }

    /**
     * True when {@code failure} came from an interrupt; clears the thread's interrupt flag either way,
     * so the cleanup that follows can still call AWS.
     */
    public static boolean consume(Throwable failure) {
        boolean flagged = Thread.interrupted();
        if (flagged) {
            return true;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AbortedException || t instanceof InterruptedException || t instanceof InterruptedIOException
                    || t instanceof ClosedByInterruptException
                    || (t instanceof DeployException d && d.kind() == DeployException.Kind.INTERRUPTED)) {
                return true;
            }
        }
        return false;
    }
}
