package dev.userapi.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.List;
import java.util.Map;

/**
 * What the three handlers share: the DynamoDB client built once per container, the request id in
 * every log line, one structured log line per request, and the mapping of outcomes to responses:
 * an {@link ApiException} becomes its 4xx, anything else a 500 that names the request id and
 * nothing of the failure (the stack trace goes to the log only).
 *
 * <p>Nothing from the request body is ever logged; only the method, the resource template (never
 * the path, which holds a user id), the status and the duration.
 */
public abstract class ApiHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>, AutoCloseable, Resource {

    /** The key Lambda's own JSON log lines use, so our lines and the platform's group together. */
    static final String REQUEST_ID = "AWSRequestId";
    static final String API_GATEWAY_REQUEST_ID = "apiGatewayRequestId";
    static final String STATUS = "status";
    static final String DURATION_MS = "durationMs";

    private final Logger log = LogManager.getLogger(getClass());
    private final HttpConnections connections;
    private final DynamoDbClient dynamoDb;
    /** The users table; handlers reach DynamoDB only through it. */
    protected final UserRepository users;

    /**
     * Builds the container's client; on Lambda this runs once, in the init phase.
     *
     * @throws FunctionConfigurationException if the environment lacks what the function needs
     */
    protected ApiHandler(Map<String, String> environment) {
        FunctionEnvironment resolved = FunctionEnvironment.from(environment);
        this.connections = new HttpConnections(DynamoDb.CONNECTION_TIMEOUT, DynamoDb.SOCKET_TIMEOUT);
        this.dynamoDb = DynamoDb.client(resolved, connections);
        this.users = new UserRepository(dynamoDb, resolved.tableName());
        // With SnapStart, Lambda calls beforeCheckpoint once the init phase is over, before it
        // snapshots the JVM; elsewhere the hooks never run. The global context holds resources
        // weakly: Lambda keeps the handler, so it stays registered.
        Core.getGlobalContext().register(this);
    }

    /**
     * The route's own DynamoDB call, made so that it changes nothing: on a key the API can never
     * hold ({@link UserRepository#PRIMING_ID}), allowed by the function's role.
     */
    protected abstract void primeDynamoDb();

    /**
     * SnapStart priming: runs the request path once (the JSON reader and writer, the route's
     * DynamoDB call with its signing, marshalling and error mapping, one JSON log line) so the
     * snapshot holds those classes loaded and initialised, then closes every connection it opened:
     * a connection in the snapshot would be dead after a restore.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        connections.track();
        try {
            User sample = Json.readNewUser("{\"id\":\"priming\",\"name\":\"SnapStart priming\"}");
            Json.user(sample);
            Json.error("priming");
            primeDynamoDb();
        } finally {
            connections.closeTracked();
        }
        log.info("primed for the SnapStart snapshot");
    }

    /** Nothing to restore: no connection was left open, and the credentials refresh themselves. */
    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
    }

    /** The route's work: a response, or an {@link ApiException} for what the client got wrong. */
    protected abstract APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent request);

    @Override
    public final APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        long started = System.nanoTime();
        APIGatewayProxyRequestEvent request = event == null ? new APIGatewayProxyRequestEvent() : event;
        String requestId = requestId(request, context);
        ThreadContext.put(REQUEST_ID, requestId);
        String apiGatewayRequestId = request.getRequestContext() == null ? null : request.getRequestContext().getRequestId();
        if (apiGatewayRequestId != null) {
            ThreadContext.put(API_GATEWAY_REQUEST_ID, apiGatewayRequestId);
        }
        try {
            APIGatewayProxyResponseEvent response;
            try {
                response = handle(request);
            } catch (ApiException e) {
                response = Responses.error(e.status(), e.getMessage());
            } catch (RuntimeException e) {
                log.error("{} {} failed", request.getHttpMethod(), request.getResource(), e);
                response = Responses.error(500, "internal error; request id " + requestId);
            }
            ThreadContext.put(STATUS, Integer.toString(response.getStatusCode()));
            ThreadContext.put(DURATION_MS, Long.toString((System.nanoTime() - started) / 1_000_000));
            log.info("{} {} {}", request.getHttpMethod(), request.getResource(), response.getStatusCode());
            return response;
        } finally {
            ThreadContext.removeAll(List.of(REQUEST_ID, API_GATEWAY_REQUEST_ID, STATUS, DURATION_MS));
        }
    }

    /** Lambda's request id (the one in the function's log lines), else API Gateway's. */
    private static String requestId(APIGatewayProxyRequestEvent request, Context context) {
        if (context != null && context.getAwsRequestId() != null) {
            return context.getAwsRequestId();
        }
        if (request.getRequestContext() != null && request.getRequestContext().getRequestId() != null) {
            return request.getRequestContext().getRequestId();
        }
        return "unknown";
    }

    /** Releases the HTTP client; {@code pipeline local} and tests call it, Lambda never needs to. */
    @Override
    public void close() {
        dynamoDb.close();
    }
}
