package dev.userapi.bench;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;

import java.util.Map;
import java.util.UUID;

/**
 * The whole life of one benchmark JVM, as on a Lambda cold start: load the handler class, construct
 * it with its no-arg constructor (Lambda's init phase), serve one {@code POST /users}, then print
 * {@value #MARKER} with the status, the in-JVM split and the CPU time so {@link ColdStartBench} can stop its clock.
 *
 * <p>With {@code primed}, the handler's SnapStart hooks run between the two, as Lambda runs them
 * around its snapshot: {@code beforeCheckpoint} (the priming) then {@code afterRestore}. The time
 * they take is counted in init; what the run is for is the first request after them, which is what
 * a restored function serves first. Nothing here can checkpoint or restore a JVM, so the restore
 * itself is not measured.
 *
 * <p>Usage: {@code java -cp ... dev.userapi.bench.FirstRequest HANDLER_CLASS USER_ID [primed]}
 */
public final class FirstRequest {

    static final String MARKER = "FIRST_RESPONSE";

    private FirstRequest() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        @SuppressWarnings("unchecked")
        RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler =
                (RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>)
                        Class.forName(args[0]).getConstructor().newInstance();
        if (args.length > 2 && args[2].equals("primed")) {
            snapStartHooks(handler);
        }
        long constructed = System.nanoTime();
        APIGatewayProxyResponseEvent response = handler.handleRequest(event(args[1]), new BenchContext());
        long responded = System.nanoTime();
        // CPU time of the whole process so far (all threads, JIT and GC included): less disturbed
        // than wall time by other load on the machine.
        long cpu = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1_000).orElse(-1L);
        System.out.println(MARKER + " " + response.getStatusCode() + " " + (constructed - start) / 1_000 + " "
                + (responded - constructed) / 1_000 + " " + cpu);
        System.out.flush();
        // Lambda freezes the process here; exiting keeps the SDK's threads from delaying the next run.
        System.exit(0);
    }

    /** The handler's org.crac hooks, found by name: the baseline has none, and this class does not depend on org.crac. */
    private static void snapStartHooks(Object handler) throws ReflectiveOperationException {
        Class<?> context = Class.forName("org.crac.Context", false, handler.getClass().getClassLoader());
        handler.getClass().getMethod("beforeCheckpoint", context).invoke(handler, (Object) null);
        handler.getClass().getMethod("afterRestore", context).invoke(handler, (Object) null);
    }

    private static APIGatewayProxyRequestEvent event(String id) {
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST")
                .withResource("/users")
                .withPath("/users")
                .withHeaders(Map.of("Content-Type", "application/json", "Host", "abc123.execute-api.eu-west-1.amazonaws.com"))
                .withBody("{\"id\":\"" + id + "\",\"name\":\"Cold Start\"}")
                .withIsBase64Encoded(false)
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId(UUID.randomUUID().toString())
                        .withStage("v1")
                        .withHttpMethod("POST")
                        .withResourcePath("/users"));
    }

    private static final class BenchContext implements Context {
        private final String requestId = UUID.randomUUID().toString();

        @Override public String getAwsRequestId() { return requestId; }
        @Override public String getLogGroupName() { return "/aws/lambda/bench"; }
        @Override public String getLogStreamName() { return "bench"; }
        @Override public String getFunctionName() { return "bench"; }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:eu-west-1:000000000000:function:bench"; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return 10_000; }
        @Override public int getMemoryLimitInMB() { return 1024; }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override public void log(String message) { System.out.print(message); }
                @Override public void log(byte[] message) { System.out.write(message, 0, message.length); }
            };
        }
    }
}
