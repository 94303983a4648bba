package dev.userapi.pipeline.aws;

import java.net.URI;

/**
 * Which AWS call failed, attached to the SDK's exception (as a suppressed exception, so its type, its
 * error code and its message stay what the code that catches it expects). AWS's own error text does
 * not name the operation, and an error with an empty body (an HTTP 500 from a proxy or a broken
 * endpoint) names nothing at all; this does. The SDK clients get it from an interceptor.
 *
 * @see dev.userapi.pipeline.changeset.AwsErrors#describe(Throwable)
 */
public final class AwsCall extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String service;
    private final String operation;
    private final String region;
    private final transient URI endpoint;

    private AwsCall(String service, String operation, String region, URI endpoint) {
        super(null, null, false, false);
        this.service = service;
        this.operation = operation;
        this.region = region;
        this.endpoint = endpoint;
    }

    /** Attaches the call to {@code failure} once (a retried call fails through here once per attempt). */
    public static <T extends Throwable> T attach(T failure, String service, String operation, String region, URI endpoint) {
        if (failure != null && find(failure) == null) {
            failure.addSuppressed(new AwsCall(service, operation, region, endpoint));
        }
        return failure;
    }

    /** The call attached to {@code failure} or one of its causes, else null. */
    public static AwsCall find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Throwable s : t.getSuppressed()) {
                if (s instanceof AwsCall c) {
                    return c;
                }
            }
        }
        return null;
    }

    /** "CloudFormation DescribeStacks in eu-west-1" (with " at ENDPOINT" for an AWS-compatible endpoint). */
    @Override
    public String getMessage() {
        return service + " " + operation + (region == null ? "" : " in " + region) + (endpoint == null ? "" : " at " + endpoint);
    }

    public String operation() {
        return operation;
    }
}
