package dev.userapi.pipeline.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import dev.userapi.pipeline.local.LocalApp.LocalFunction;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One function, run in-process the way Lambda runs it: a sandbox (its own class loader over the
 * artifact, one thread) is created on the first request, the handler is constructed once there (the
 * cold start) and then reused while warm. One request runs at a time per function; a sandbox whose
 * handler failed to initialise or ran past the function's {@code Timeout} is thrown away, so the next
 * request starts a fresh one, as Lambda does.
 *
 * <p>The handler is built through its public {@code (Map<String,String> environment)} constructor: a
 * JVM has one process environment, so the function's variables cannot be set for real, and the
 * handlers take theirs as an argument (Lambda uses the no-arg constructor, which reads System.getenv()).
 */
final class FunctionRuntime implements AutoCloseable {
    /** Lambda's limit for the init phase of an on-demand function. */
    private static final long INIT_TIMEOUT_MILLIS = 10_000;
    /** How long a REST API waits for its integration. */
    static final long GATEWAY_TIMEOUT_MILLIS = 29_000;
    private static final DateTimeFormatter LOG_STREAM_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd");

    /** What an invocation came to, in the terms API Gateway distinguishes. */
    enum Kind {
        /** The handler returned (the response may still be malformed). */
        RETURNED,
        /** The handler threw. */
        FAILED,
        /** The handler could not be loaded or constructed. */
        INIT_FAILED,
        /** The function ran past its Timeout. */
        TIMED_OUT,
        /** The function ran past the gateway's 29 seconds (its Timeout is longer). */
        GATEWAY_TIMED_OUT
    }

    /** @param initMillis the cold start, or -1 when the sandbox was warm */
    record Outcome(Kind kind, Object response, Throwable error, long initMillis) {
    }

    private final LocalFunction function;
    private final URL[] code;
    private final Map<String, String> environment;
    private final ReentrantLock oneAtATime = new ReentrantLock(true);
    private final AtomicLong invocations = new AtomicLong();
    /** Guarded by {@link #oneAtATime}; volatile so that close() from a shutdown hook sees it. */
    private volatile Sandbox sandbox;
    private volatile boolean closed;

    FunctionRuntime(LocalFunction function, URL[] code, Map<String, String> environment) {
        this.function = function;
        this.code = code.clone();
        this.environment = Map.copyOf(environment);
    }

    LocalFunction function() {
        return function;
    }

    Map<String, String> environment() {
        return environment;
    }

    long invocations() {
        return invocations.get();
    }

    /**
     * The environment a function's handler receives: the template's variables, then what Lambda itself
     * sets (a template cannot set those reserved keys, so Lambda's values win), then the local wiring:
     * the engine's credentials and {@code AWS_ENDPOINT_URL_DYNAMODB} pointing at it.
     */
    static Map<String, String> environment(LocalFunction fn, LocalDynamoDb dynamoDb) {
        Map<String, String> out = new LinkedHashMap<>(fn.variables());
        out.put("AWS_REGION", dynamoDb.region());
        out.put("AWS_DEFAULT_REGION", dynamoDb.region());
        out.put("AWS_LAMBDA_FUNCTION_NAME", fn.name());
        out.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        out.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(fn.memorySize()));
        out.put("AWS_LAMBDA_LOG_GROUP_NAME", fn.logGroupName());
        out.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        out.put("_HANDLER", fn.handler());
        out.put("TZ", ":UTC");
        // A function's role credentials in AWS.
        out.putAll(dynamoDb.credentials());
        out.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDb.endpoint().toString());
        return out;
    }

    /**
     * Checks, without running any of the function's code, that the artifact has the handler class, its
     * {@code (Map)} constructor and the handler method, so a wrong Handler fails at startup, not at the
     * first request.
     */
    void verify(String artifactName) {
        try (FunctionClassLoader loader = new FunctionClassLoader(function.logicalId() + "-check", code, getClass().getClassLoader())) {
            Class<?> handlerClass;
            try {
                handlerClass = Class.forName(function.handlerClass(), false, loader);
            } catch (ClassNotFoundException e) {
                throw LocalException.badInput(function.logicalId() + ": its Handler class " + function.handlerClass()
                        + " is not in " + artifactName + " (template line " + function.line() + "); fix Handler or rebuild the artifact");
            }
            constructor(handlerClass, artifactName);
            handlerMethod(handlerClass, artifactName);
        } catch (LinkageError e) {
            throw LocalException.badInput(function.logicalId() + ": loading " + function.handlerClass() + " from "
                    + artifactName + " failed: " + e + "; the artifact must hold every class the handler needs");
        } catch (IOException e) {
            throw new LocalException(LocalException.Kind.SERVER, "cannot close the class loader of " + function.logicalId(), e);
        }
    }

    private Constructor<?> constructor(Class<?> c, String artifactName) {
        try {
            Constructor<?> ctor = c.getConstructor(Map.class);
            if (Modifier.isAbstract(c.getModifiers())) {
                throw LocalException.badInput(function.logicalId() + ": " + c.getName() + " is abstract");
            }
            return ctor;
        } catch (NoSuchMethodException e) {
            throw LocalException.badInput(function.logicalId() + ": " + c.getName() + " in " + artifactName
                    + " has no public constructor (java.util.Map<String,String> environment); pipeline local passes the "
                    + "function's environment through it (Lambda uses the no-arg constructor)");
        }
    }

    /**
     * The public method the Handler names, taking the proxy event (and optionally the Context); for a
     * {@code RequestHandler<APIGatewayProxyRequestEvent, ...>} that is its {@code handleRequest}, not the
     * erased bridge method.
     */
    private Method handlerMethod(Class<?> c, String artifactName) {
        Method best = null;
        for (Method m : c.getMethods()) {
            if (!m.getName().equals(function.handlerMethod()) || m.isBridge() || Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            Class<?>[] p = m.getParameterTypes();
            boolean fits = (p.length == 1 || (p.length == 2 && p[1] == Context.class))
                    && p[0].isAssignableFrom(APIGatewayProxyRequestEvent.class);
            if (fits && (best == null || best.getParameterTypes()[0].isAssignableFrom(p[0]))) {
                best = m;
            }
        }
        if (best == null) {
            throw LocalException.badInput(function.logicalId() + ": " + c.getName() + " in " + artifactName
                    + " has no public method " + function.handlerMethod() + "(APIGatewayProxyRequestEvent[, Context])");
        }
        return best;
    }

    /**
     * Runs one invocation. Blocks while another request to the same function runs (one sandbox, one
     * request at a time), then for at most the function's Timeout, or the gateway's 29 seconds.
     */
    Outcome invoke(APIGatewayProxyRequestEvent event, String requestId, String traceId) throws InterruptedException {
        oneAtATime.lockInterruptibly();
        try {
            if (closed) {
                throw new InterruptedException("the local server is stopping");
            }
            invocations.incrementAndGet();
            long initMillis = -1;
            if (sandbox == null) {
                sandbox = new Sandbox();
                long start = System.nanoTime();
                Future<?> init = sandbox.thread.submit(() -> {
                    sandbox.init();
                    return null;
                });
                try {
                    init.get(INIT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    discard();
                    return new Outcome(Kind.INIT_FAILED, null, unwrap(e.getCause()), -1);
                } catch (TimeoutException e) {
                    discard();
                    return new Outcome(Kind.INIT_FAILED, null,
                            new TimeoutException("init did not finish within " + INIT_TIMEOUT_MILLIS + " ms"), -1);
                }
                initMillis = (System.nanoTime() - start) / 1_000_000;
            }
            long timeoutMillis = function.timeoutSeconds() * 1000L;
            long waitMillis = Math.min(timeoutMillis, GATEWAY_TIMEOUT_MILLIS);
            Sandbox s = sandbox;
            InvocationContext context = new InvocationContext(requestId, function, s.logStream,
                    System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis), traceId);
            Future<Object> call = s.thread.submit(() -> s.invoke(event, context));
            try {
                return new Outcome(Kind.RETURNED, call.get(waitMillis, TimeUnit.MILLISECONDS), null, initMillis);
            } catch (ExecutionException e) {
                return new Outcome(Kind.FAILED, null, unwrap(e.getCause()), initMillis);
            } catch (TimeoutException e) {
                // Lambda stops a function at its timeout and starts the next request in a new sandbox.
                call.cancel(true);
                discard();
                return new Outcome(timeoutMillis > waitMillis ? Kind.GATEWAY_TIMED_OUT : Kind.TIMED_OUT, null,
                        new TimeoutException("Task timed out after " + String.format("%.2f", waitMillis / 1000.0) + " seconds"),
                        initMillis);
            }
        } finally {
            oneAtATime.unlock();
        }
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : t;
    }

    private void discard() {
        if (sandbox != null) {
            sandbox.close();
            sandbox = null;
        }
    }

    @Override
    public void close() {
        closed = true;
        Sandbox s = sandbox;
        if (s != null) {
            s.close();
        }
    }

    /** A class loader, one thread whose context loader it is, and the handler once constructed. */
    private final class Sandbox {
        final FunctionClassLoader loader;
        final ExecutorService thread;
        final String logStream;
        Object handler;
        Method method;

        Sandbox() {
            loader = new FunctionClassLoader(function.logicalId(), code, FunctionRuntime.class.getClassLoader());
            thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "lambda-" + function.logicalId());
                t.setDaemon(true);
                t.setContextClassLoader(loader);
                return t;
            });
            logStream = LocalDate.now(ZoneOffset.UTC).format(LOG_STREAM_DATE) + "/[$LATEST]"
                    + HexFormat.of().formatHex(randomBytes());
        }

        void init() throws ReflectiveOperationException {
            Class<?> c = Class.forName(function.handlerClass(), true, loader);
            method = handlerMethod(c, "the artifact");
            handler = constructor(c, "the artifact").newInstance(environment);
        }

        Object invoke(APIGatewayProxyRequestEvent event, Context context) throws ReflectiveOperationException {
            return method.getParameterCount() == 2 ? method.invoke(handler, event, context) : method.invoke(handler, event);
        }

        void close() {
            thread.shutdownNow();
            try {
                loader.close();
            } catch (IOException e) {
                // The jar stays open until the loader is collected; nothing else depends on it.
            }
        }

        private static byte[] randomBytes() {
            byte[] b = new byte[16];
            ThreadLocalRandom.current().nextBytes(b);
            return b;
        }
    }
}
