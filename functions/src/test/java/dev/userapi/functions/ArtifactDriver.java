package dev.userapi.functions;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Run by {@link ShadedArtifactIT} in a fresh JVM whose class path is the shaded jar (plus this
 * class): builds the handlers the way Lambda does (no-arg constructors reading the process
 * environment), serves one request of each kind, and writes "STATUS BODY" lines to the file named
 * by its argument, keeping standard output for the functions' own log lines.
 */
public final class ArtifactDriver {

    private ArtifactDriver() {
    }

    public static void main(String[] args) throws IOException {
        List<String> results = new ArrayList<>();
        try (CreateUserHandler create = new CreateUserHandler();
             GetUserHandler get = new GetUserHandler();
             DeleteUserHandler delete = new DeleteUserHandler()) {
            results.add(call(create, ApiEvents.createUser("{\"id\":\"jar-1\",\"name\":\"From The Jar\"}")));
            results.add(call(create, ApiEvents.createUser("{\"id\":\"jar-1\",\"name\":\"Someone Else\"}")));
            results.add(call(create, ApiEvents.createUser("{\"id\":\"jar 2\",\"name\":\"x\"}")));
            results.add(call(get, ApiEvents.getUser("jar-1")));
            results.add(call(get, ApiEvents.getUser("bad id")));
            results.add(call(delete, ApiEvents.deleteUser("jar-1")));
            results.add(call(get, ApiEvents.getUser("jar-1")));
            results.add(call(delete, ApiEvents.deleteUser("jar-1")));
        }
        // A server fault: the error log line carries the exception through the JSON layout.
        Map<String, String> wrongTable = new HashMap<>(System.getenv());
        wrongTable.put("TABLE_NAME", "no-such-table");
        try (GetUserHandler get = new GetUserHandler(wrongTable)) {
            results.add(call(get, ApiEvents.getUser("jar-1")));
        }
        Files.write(Path.of(args[0]), results, StandardCharsets.UTF_8);
    }

    private static String call(RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler,
                               APIGatewayProxyRequestEvent event) {
        APIGatewayProxyResponseEvent response = handler.handleRequest(event, ApiEvents.context());
        return response.getStatusCode() + " " + response.getHeaders().get("Content-Type") + " " + response.getBody();
    }
}
