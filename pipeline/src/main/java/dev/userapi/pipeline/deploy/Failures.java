package dev.userapi.pipeline.deploy;

import dev.userapi.pipeline.auth.AuthException;
import dev.userapi.pipeline.changeset.AwsErrors;
import dev.userapi.pipeline.changeset.DeployException;
import dev.userapi.pipeline.config.ConfigException;
import dev.userapi.pipeline.packaging.PackagingException;
import dev.userapi.pipeline.template.TemplateException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns whatever stopped a target into a {@link DeployException} whose kind picks the exit code. */
public final class Failures {
    private Failures() {
    }

    public static DeployException classify(Throwable e) {
        return switch (e) {
            case DeployException d -> d;
            // A wrong account is a safety refusal: the credentials work, they are just not where we must deploy.
            case AuthException a when a.kind() == AuthException.Kind.WRONG_ACCOUNT ->
                    new DeployException(DeployException.Kind.REFUSED, a.getMessage(), a);
            case AuthException a -> new DeployException(DeployException.Kind.AWS_FAILURE, a.getMessage(), a);
            case ConfigException c -> new DeployException(DeployException.Kind.BAD_INPUT, c.describe(), c);
            case TemplateException t -> new DeployException(DeployException.Kind.BAD_INPUT, t.describe(), t);
            case PackagingException p when p.kind() == PackagingException.Kind.MISSING_ARTIFACT ->
                    new DeployException(DeployException.Kind.BAD_INPUT, p.getMessage(), p);
            case PackagingException p -> new DeployException(DeployException.Kind.AWS_FAILURE, p.getMessage(), p);
            case SdkException s -> new DeployException(DeployException.Kind.AWS_FAILURE, AwsErrors.describe(s), s);
            // A file that cannot be read or written is the machine's trouble, not a bug and not bad input.
            case java.io.UncheckedIOException io -> new DeployException(DeployException.Kind.AWS_FAILURE,
                    "input/output failed: " + io.getCause().getMessage(), io);
            default -> internal(e);
        };
    }

    /**
     * Anything else is a bug in pipeline: never reported as the user's input or as AWS failing, and
     * always with where it happened, so the report can be acted on.
     */
    public static DeployException internal(Throwable e) {
        StackTraceElement at = e.getStackTrace().length == 0 ? null : e.getStackTrace()[0];
        return new DeployException(DeployException.Kind.INTERNAL, "internal error: " + e.getClass().getName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + (at == null ? "" : " at " + at)
                + ". This is a bug in pipeline, not in your input or in AWS; please report it with the command you ran"
                + " and this output (PIPELINE_DEBUG=1 prints the stack trace).", e);
    }
}
