package dev.userapi.pipeline.packaging;

/**
 * The artifact could not be read, or the artifact bucket refused it. {@link #kind()} tells a bad
 * input (nothing touched on AWS) from an AWS failure, so the command can pick its exit code.
 */
public final class PackagingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** The artifact file is missing or unreadable: build it first. */
        MISSING_ARTIFACT,
        /** S3 said 403: the deploying role may not read or write the bucket. */
        ACCESS_DENIED,
        /** The artifact bucket does not exist (or is in another region): bootstrap the account. */
        NO_BUCKET,
        /** An object under a content-addressed key does not hold the bytes its key names. */
        CORRUPT,
        /** Any other S3 or network failure. */
        AWS
    }

    private final Kind kind;

    public PackagingException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public PackagingException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
