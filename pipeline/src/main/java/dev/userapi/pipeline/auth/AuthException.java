package dev.userapi.pipeline.auth;

/**
 * Getting into a target account failed. The message says which role, which caller and what to fix;
 * {@link #kind()} lets the command pick the exit code (a wrong account is a refusal, the rest are AWS
 * failures) without parsing text. Messages never contain secrets.
 */
public final class AuthException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** No base credentials at all: nothing in the SDK's default chain, or the profile is missing. */
        NO_CREDENTIALS,
        /** The base credentials (or an SSO login) expired or are not valid any more. */
        EXPIRED,
        /** AssumeRole was refused: the role's trust policy does not allow this caller (or MFA missing). */
        DENIED,
        /** The assumed credentials belong to another account than the target's: refused, nothing done. */
        WRONG_ACCOUNT,
        /** Anything else STS or the network said. */
        OTHER
    }

    private final Kind kind;

    public AuthException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public AuthException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
