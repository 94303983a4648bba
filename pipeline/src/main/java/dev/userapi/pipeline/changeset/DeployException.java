package dev.userapi.pipeline.changeset;

/**
 * A deploy step that cannot go on. The kind decides the exit code, so a script can tell "a safety
 * check stopped this on purpose" from "AWS said no"; the message says what happened and what to do.
 */
public final class DeployException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** The input is wrong (a flag, a plan file, a template); nothing was changed. */
        BAD_INPUT,
        /** A safety check refused on purpose: stateful replacement, protected env, stale plan, busy stack. */
        REFUSED,
        /** AWS refused or the operation failed. */
        AWS_FAILURE,
        /** The thread was interrupted (Ctrl-C) while waiting. */
        INTERRUPTED,
        /** Nothing anyone expected: a bug in pipeline, reported as one. */
        INTERNAL
    }

    private final Kind kind;

    public DeployException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public DeployException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static DeployException refused(String message) {
        return new DeployException(Kind.REFUSED, message);
    }

    public static DeployException awsFailure(String message) {
        return new DeployException(Kind.AWS_FAILURE, message);
    }

    public static DeployException awsFailure(String message, Throwable cause) {
        return new DeployException(Kind.AWS_FAILURE, message, cause);
    }

    public static DeployException badInput(String message) {
        return new DeployException(Kind.BAD_INPUT, message);
    }
}
