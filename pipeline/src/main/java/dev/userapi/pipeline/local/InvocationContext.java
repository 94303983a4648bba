package dev.userapi.pipeline.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.userapi.pipeline.local.LocalApp.LocalFunction;

/** The {@link Context} of one invocation: the request id, the function's identity and its deadline. */
final class InvocationContext implements Context {
    private final String requestId;
    private final LocalFunction function;
    private final String logStreamName;
    private final long deadlineNanos;
    private final String traceId;

    InvocationContext(String requestId, LocalFunction function, String logStreamName, long deadlineNanos, String traceId) {
        this.requestId = requestId;
        this.function = function;
        this.logStreamName = logStreamName;
        this.deadlineNanos = deadlineNanos;
        this.traceId = traceId;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return function.logGroupName();
    }

    @Override
    public String getLogStreamName() {
        return logStreamName;
    }

    @Override
    public String getFunctionName() {
        return function.name();
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return function.arn();
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
    }

    @Override
    public int getMemoryLimitInMB() {
        return function.memorySize();
    }

    @Override
    public LambdaLogger getLogger() {
        return LambdaLogging.logger();
    }

    @Override
    public String getXrayTraceId() {
        return traceId;
    }
}
