package dev.userapi.functions;

/**
 * A request the API refuses, with the HTTP status and a message for the client that says what is
 * wrong. Anything else thrown while handling a request is a server fault (500).
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public ApiException(int status, String message) {
        // No stack trace: these are expected outcomes, built on every bad request.
        super(message, null, false, false);
        if (status < 400 || status > 499) {
            throw new IllegalArgumentException("client errors are 4xx, got " + status);
        }
        this.status = status;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, message);
    }

    public static ApiException payloadTooLarge(String message) {
        return new ApiException(413, message);
    }

    public int status() {
        return status;
    }
}
