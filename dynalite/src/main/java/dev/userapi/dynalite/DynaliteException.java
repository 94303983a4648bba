package dev.userapi.dynalite;

/**
 * dynalite could not be installed or started. {@link #kind()} tells whose move it is: the machine
 * lacks Node.js 20+ ({@link Kind#NODE_MISSING}: the user installs it or picks another engine), npm
 * could not install the pinned packages ({@link Kind#INSTALL_FAILED}), or the server did not start
 * ({@link Kind#START_FAILED}). The message says what happened and what to do.
 */
public final class DynaliteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why dynalite is not running. */
    public enum Kind { NODE_MISSING, INSTALL_FAILED, START_FAILED }

    private final Kind kind;

    DynaliteException(Kind kind, String message) {
        this(kind, message, null);
    }

    DynaliteException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
