package dev.userapi.functions;

/**
 * The function's environment is incomplete or wrong. Thrown from a handler's constructor, so Lambda
 * reports it as an init error with this message, before any request is served.
 */
public final class FunctionConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FunctionConfigurationException(String message) {
        super(message);
    }
}
