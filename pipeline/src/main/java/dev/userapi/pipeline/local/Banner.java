package dev.userapi.pipeline.local;

import dev.userapi.pipeline.local.LocalApp.ApiRoute;
import dev.userapi.pipeline.local.LocalApp.LocalTable;
import java.util.List;
import java.util.Set;

/** What `pipeline local` prints once it serves: where, which routes, and curl commands to try them. */
public final class Banner {
    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

    private Banner() {
    }

    public static String render(LocalServer server) {
        LocalApp app = server.app();
        LocalEnvironment env = app.environment();
        String url = server.url().toString();
        StringBuilder out = new StringBuilder();
        out.append("pipeline local: ").append(app.templateFile()).append(" as stack ").append(env.stackName())
                .append(" (stage ").append(app.api().stageName()).append(", region ").append(env.region())
                .append(", account ").append(env.accountId()).append(")\n");
        out.append("DynamoDB: ").append(server.dynamoDbDescription()).append(" at ").append(server.dynamoDbEndpoint()).append('\n');
        List<LocalTable> tables = app.tables();
        for (int i = 0; i < tables.size(); i++) {
            LocalTable t = tables.get(i);
            out.append("  table ").append(t.name()).append(" (").append(t.describeKey()).append(", ")
                    .append(t.billingMode()).append(") ").append(server.tablesCreated().get(i) ? "created" : "kept").append('\n');
        }
        out.append('\n').append("Serving ").append(url).append('\n');
        int width = app.routes().stream().mapToInt(r -> r.resourcePath().length()).max().orElse(0);
        for (ApiRoute r : app.routes()) {
            out.append(String.format("  %-7s%-" + (width + 2) + "s", r.httpMethod(), r.resourcePath()));
            if (r.functionLogicalId() != null) {
                out.append(r.functionLogicalId()).append(" (").append(app.functions().get(r.functionLogicalId()).handler()).append(')');
            } else {
                out.append("not served: ").append(r.unsupported());
            }
            out.append('\n');
        }
        out.append('\n').append("Try:\n");
        for (ApiRoute r : app.routes()) {
            out.append("  ").append(curl(url, r)).append('\n');
        }
        out.append('\n').append("Ctrl-C stops it.\n");
        return out.toString();
    }

    /**
     * A curl command for the route: path parameters become {@code 1}, and a method that takes a body
     * sends the method's {@code Metadata.PipelineLocal.ExampleBody} (or {@code {}}) as JSON.
     */
    static String curl(String baseUrl, ApiRoute r) {
        String path = r.resourcePath().replaceAll("\\{[^}]+}", "1");
        String method = r.httpMethod().equals("ANY") ? "GET" : r.httpMethod();
        StringBuilder c = new StringBuilder("curl -i");
        if (!method.equals("GET")) {
            c.append(" -X ").append(method);
        }
        c.append(' ').append(baseUrl).append(path);
        if (BODY_METHODS.contains(method)) {
            String body = r.exampleBody() == null ? "{}" : r.exampleBody();
            c.append(" -H 'Content-Type: application/json' -d '").append(body.replace("'", "'\\''")).append('\'');
        }
        return c.toString();
    }
}
