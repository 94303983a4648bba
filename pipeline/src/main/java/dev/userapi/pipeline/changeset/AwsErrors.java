package dev.userapi.pipeline.changeset;

import dev.userapi.pipeline.aws.AwsCall;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Reading AWS errors the way CloudFormation documents them: by error code and, where the code is the
 * catch-all {@code ValidationError}, by the documented message text.
 */
public final class AwsErrors {
    /** The two reasons CloudFormation gives for a change set with nothing to change. */
    public static final String NO_CHANGES_REASON =
            "The submitted information didn't contain changes. Submit different information to create a change set.";
    public static final String NO_UPDATES_REASON = "No updates are to be performed.";
    private static final Pattern NO_UPDATES = Pattern.compile("No updates (are )?to be performed\\b");

    private AwsErrors() {
    }

    /** The AWS error code ({@code ValidationError}, {@code Throttling}, ...), or null for non-service errors. */
    public static String code(Throwable e) {
        if (e instanceof AwsServiceException a && a.awsErrorDetails() != null) {
            return a.awsErrorDetails().errorCode();
        }
        return null;
    }

    /** The service's own message, without the SDK's "(Service: ..., Status Code: ...)" suffix. */
    public static String message(Throwable e) {
        if (e instanceof AwsServiceException a && a.awsErrorDetails() != null && a.awsErrorDetails().errorMessage() != null) {
            return a.awsErrorDetails().errorMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * "Service Operation in region: code: message", the form we print. The call comes from the
     * {@link AwsCall} the clients attach; an error whose body said nothing (no code, no message) is
     * described by its HTTP status instead of the SDK's "(Service: ..., Request ID: null)".
     */
    public static String describe(Throwable e) {
        String code = code(e);
        String text;
        if (e instanceof AwsServiceException a && (code == null || code.isEmpty())
                && (a.awsErrorDetails() == null || a.awsErrorDetails().errorMessage() == null)) {
            text = "HTTP " + a.statusCode() + " with an empty error body" + (a.requestId() == null ? "" : " (request id " + a.requestId() + ")");
        } else {
            text = code == null ? message(e) : code + ": " + message(e);
        }
        AwsCall call = AwsCall.find(e);
        return call == null || text.startsWith(call.getMessage()) ? text : call.getMessage() + ": " + text;
    }

    /**
     * Credentials that no longer work and will not heal by waiting: STS's and every service's codes for
     * an expired or unknown token, found on the failure or its causes (a renewal of an assumed role
     * wraps STS's refusal in a client exception).
     */
    public static boolean isExpiredCredentials(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String c = code(t);
            if (c != null && switch (c) {
                case "ExpiredToken", "ExpiredTokenException", "RequestExpired", "InvalidClientTokenId",
                     "UnrecognizedClientException" -> true;
                default -> false;
            }) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** DescribeStacks on a missing stack: a ValidationError whose message contains "does not exist". */
    public static boolean isMissingStack(Throwable e) {
        return "ValidationError".equals(code(e)) && message(e).contains("does not exist");
    }

    /**
     * Some AWS-compatible endpoints refuse an empty change set with a ValidationError instead of a
     * FAILED change set: at CreateChangeSet ("No updates are to be performed."), or, when their own
     * diff found changes their deployer then finds none, at ExecuteChangeSet (LocalStack: "No updates
     * to be performed for stack change set"). Only a ValidationError saying exactly that counts.
     */
    public static boolean isNoUpdates(Throwable e) {
        return "ValidationError".equals(code(e)) && NO_UPDATES.matcher(message(e)).find();
    }

    /**
     * Whether a FAILED change set's StatusReason means "nothing to change". Only the two documented
     * reasons count: a broken template must never look like nothing to do.
     */
    public static boolean isEmptyChangeSetReason(String reason) {
        if (reason == null) {
            return false;
        }
        return reason.startsWith("The submitted information didn't contain changes")
                || reason.startsWith(NO_UPDATES_REASON);
    }
}
