package dev.userapi.pipeline.execrole;

/** A problem with the execution role's derivation or its block in the bootstrap template; the message names the file and the fix. */
public final class ExecRoleException extends RuntimeException {
    public ExecRoleException(String message) {
        super(message);
    }
}
