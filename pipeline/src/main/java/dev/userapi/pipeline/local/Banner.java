package dev.userapi.pipeline.local;

import dev.userapi.pipeline.local.LocalApp.ApiRoute;
import dev.userapi.pipeline.local.LocalApp.LocalCaller;
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
                out.append(r.target()).append(" (").append(app.functions().get(r.functionLogicalId()).handler()).append(')');
            } else {
                out.append("not served: ").append(r.unsupported());
            }
            out.append('\n');
        }
        if (!app.callers().isEmpty()) {
            out.append('\n').append("Callers of the AWS_IAM methods (local keys; sign with SigV4, region ").append(env.region())
                    .append(", service execute-api):\n");
            int nameWidth = app.callers().stream().mapToInt(c -> c.name().length()).max().orElse(0);
            for (LocalCaller c : app.callers()) {
                out.append(String.format("  %-" + nameWidth + "s  %s  %s  (%s: %s)%n", c.name(), c.accessKeyId(),
                        c.secretAccessKey(), c.policyLogicalId(), String.join(", ", c.allowedResources())));
            }
        }
        out.append('\n').append("Try:\n");
        InvokePermissions arns = new InvokePermissions(app);
        for (ApiRoute r : app.routes()) {
            out.append("  ").append(curl(url, r, caller(app, arns, r))).append('\n');
        }
        out.append('\n').append("Ctrl-C stops it.\n");
        return out.toString();
    }

    /** The first caller whose policy allows the route's sample request, or null (an unsigned curl then). */
    private static LocalCaller caller(LocalApp app, InvokePermissions arns, ApiRoute r) {
        if (!r.iamAuthorization()) {
            return null;
        }
        String arn = arns.requestArn(method(r), samplePath(r));
        return app.callers().stream().filter(c -> c.allowedResources().stream().anyMatch(p -> ArnPattern.matches(p, arn)))
                .findFirst().orElse(null);
    }

    private static String method(ApiRoute r) {
        return r.httpMethod().equals("ANY") ? "GET" : r.httpMethod();
    }

    private static String samplePath(ApiRoute r) {
        return r.resourcePath().replaceAll("\\{[^}]+}", "1");
    }

    /**
     * A curl command for the route: path parameters become {@code 1}, and a method that takes a body
     * sends the method's {@code Metadata.PipelineLocal.ExampleBody} (or {@code {}}) as JSON. For an
     * {@code AWS_IAM} method, signed (curl's {@code --aws-sigv4}) with the keys of {@code caller}.
     */
    static String curl(String baseUrl, ApiRoute r, LocalCaller caller) {
        String path = samplePath(r);
        String method = method(r);
        StringBuilder c = new StringBuilder("curl -i");
        if (caller != null) {
            c.append(" --aws-sigv4 aws:amz:").append(LocalEnvironment.REGION).append(":execute-api --user ")
                    .append(caller.accessKeyId()).append(':').append(caller.secretAccessKey());
        }
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
