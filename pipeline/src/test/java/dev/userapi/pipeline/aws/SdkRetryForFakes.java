package dev.userapi.pipeline.aws;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

/**
 * The retry loop a real SDK client runs inside itself, put around a fake client that is called
 * directly. A real {@code CloudFormationClient} built by {@link SdkAwsClients} retries throttling
 * before the caller ever sees it; a fake implementing the interface skips the SDK's request pipeline,
 * so without this the fake would be stricter than AWS in one way (every Throttling surfaces) while
 * the deploy code rightly has no retry loop of its own.
 *
 * <p>It runs the very {@link RetryStrategy} {@link SdkAwsClients} configures — the SDK's
 * classification of retryable and throttling errors, its attempt limit — and only shortens the
 * backoff delays so tests do not sleep for seconds. That the real client retries over the wire is
 * shown separately, against an HTTP endpoint that throttles.
 */
public final class SdkRetryForFakes {
    private SdkRetryForFakes() {
    }

    /** {@link SdkAwsClients#retryStrategy()} with millisecond backoff. */
    public static RetryStrategy strategy() {
        return SdkAwsClients.retryStrategy().toBuilder()
                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(1), Duration.ofMillis(20)))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(2), Duration.ofMillis(40)))
                .build();
    }

    public static int maxAttempts() {
        return SdkAwsClients.MAX_ATTEMPTS;
    }

    /** {@code client} as seen through the SDK's retry loop: acquire a token, attempt, refresh on failure, record success. */
    @SuppressWarnings("unchecked")
    public static <T> T wrap(Class<T> type, T client, RetryStrategy strategy) {
        return wrap(type, client, strategy, null);
    }

    /**
     * The same, and like the real clients' interceptor, a failure that comes out names its call
     * ({@link AwsCall}: service, operation, region).
     */
    public static <T> T wrap(Class<T> type, T client, RetryStrategy strategy, String region) {
        String service = type.getSimpleName().replaceFirst("Client$", "");
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class || !isOperation(method)) {
                return invoke(client, method, args);
            }
            AcquireInitialTokenResponse first = strategy.acquireInitialToken(AcquireInitialTokenRequest.create(type.getSimpleName()));
            RetryToken token = first.token();
            sleep(first.delay());
            while (true) {
                try {
                    Object result = invoke(client, method, args);
                    strategy.recordSuccess(RecordSuccessRequest.create(token));
                    return result;
                } catch (SdkException failure) {
                    RefreshRetryTokenResponse next;
                    try {
                        next = strategy.refreshRetryToken(RefreshRetryTokenRequest.builder().token(token).failure(failure).build());
                    } catch (TokenAcquisitionFailedException exhausted) {
                        String op = Character.toUpperCase(method.getName().charAt(0)) + method.getName().substring(1);
                        throw AwsCall.attach(failure, service, op, region, null);
                    }
                    token = next.token();
                    sleep(next.delay());
                }
            }
        };
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h);
    }

    /** Service operations take a request; serviceName(), close() and configuration accessors are passed through. */
    private static boolean isOperation(Method m) {
        return m.getParameterCount() > 0;
    }

    private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void sleep(Duration d) throws InterruptedException {
        if (!d.isZero() && !d.isNegative()) {
            Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
        }
    }
}
