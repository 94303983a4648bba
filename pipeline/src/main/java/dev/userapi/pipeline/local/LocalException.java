package dev.userapi.pipeline.local;

/**
 * Why `pipeline local` cannot start or keep serving. The kind tells the command which exit code to use:
 * something the user gave us is wrong (a flag, the template, a missing artifact) or the machine refused
 * (a port in use, the DynamoDB engine failing to start).
 */
public final class LocalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** A flag, the template or the artifact is wrong; nothing was started. */
        BAD_INPUT,
        /** The local server could not start or keep running (port in use, the DynamoDB engine failed). */
        SERVER
    }

    private final Kind kind;

    public LocalException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public LocalException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public static LocalException badInput(String message) {
        return new LocalException(Kind.BAD_INPUT, message);
    }

    public Kind kind() {
        return kind;
    }
}
