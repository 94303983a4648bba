package dev.userapi.pipeline;

import dev.userapi.pipeline.changeset.StackSpec;
import dev.userapi.pipeline.template.TemplateParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The loopback endpoint {@link StartupTraining} deploys to, so the start-up cache holds what a
 * redeploy with nothing to change runs: one stack, {@value #STACK}, in account {@value #ACCOUNT},
 * already UPDATE_COMPLETE. It answers as AWS documents (STS's and CloudFormation's query protocol,
 * S3's REST), and only what the deploy asks for:
 * <ul>
 * <li>AssumeRole and GetCallerIdentity, in the account;</li>
 * <li>DescribeStacks with the parameters, tags and role of the last change set, GetTemplate with its
 *     template; CreateChangeSet, then DescribeChangeSet FAILED with CloudFormation's "didn't contain
 *     changes" reason, DeleteChangeSet; so a first deploy takes the change set path, and a second one
 *     finds the stack unchanged;</li>
 * <li>S3 HEAD and PUT succeed; anything else is refused with the service's error document.</li>
 * </ul>
 * Not a CloudFormation: nothing is created, no change set is kept.
 */
final class TrainingEndpoint implements AutoCloseable {
    static final String ACCOUNT = "123456789012";
    static final String STACK = "user-api-training";
    private static final String STACK_ID = "arn:aws:cloudformation:us-east-1:" + ACCOUNT + ":stack/" + STACK + "/training";
    private static final String CHANGE_SET_ID = "arn:aws:cloudformation:us-east-1:" + ACCOUNT + ":changeSet/training/training";

    private final HttpServer server;
    private final List<String> operations = new ArrayList<>();
    /** The last CreateChangeSet's form fields: what the stack "has". */
    private Map<String, String> applied = Map.of();

    TrainingEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Each request answered, in order: a query action's name, or an S3 method. */
    synchronized List<String> operations() {
        return List.copyOf(operations);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] request = exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestMethod();
            boolean query = "POST".equals(method) && "/".equals(exchange.getRequestURI().getPath());
            if (!query) {
                s3(exchange, method);
                return;
            }
            Map<String, String> form = form(new String(request, StandardCharsets.UTF_8));
            String action = form.getOrDefault("Action", "");
            String result = answer(action, form);
            synchronized (this) {
                operations.add(action);
            }
            if (result == null) {
                send(exchange, 400, "<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>training</Message>"
                        + "</Error><RequestId>training</RequestId></ErrorResponse>");
                return;
            }
            String namespace = form.getOrDefault("Version", "").equals("2011-06-15") ? "https://sts.amazonaws.com/doc/2011-06-15/"
                    : "http://cloudformation.amazonaws.com/doc/2010-05-15/";
            send(exchange, 200, "<" + action + "Response xmlns=\"" + namespace + "\"><" + action + "Result>" + result + "</" + action
                    + "Result><ResponseMetadata><RequestId>training</RequestId></ResponseMetadata></" + action + "Response>");
        }
    }

    /** The Result element's content for {@code action}; null to refuse it. */
    private synchronized String answer(String action, Map<String, String> form) {
        String arn = "arn:aws:sts::" + ACCOUNT + ":assumed-role/user-api-deployer/training";
        return switch (action) {
            case "AssumeRole" -> "<Credentials><AccessKeyId>ASIATRAINING</AccessKeyId><SecretAccessKey>training</SecretAccessKey>"
                    + "<SessionToken>training</SessionToken><Expiration>" + Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS)
                    + "</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROATRAINING:training</AssumedRoleId><Arn>" + arn
                    + "</Arn></AssumedRoleUser>";
            case "GetCallerIdentity" -> "<Arn>" + arn + "</Arn><UserId>AROATRAINING:training</UserId><Account>" + ACCOUNT + "</Account>";
            case "DescribeStacks" -> "<Stacks><member><StackId>" + STACK_ID + "</StackId><StackName>" + STACK + "</StackName>"
                    + "<CreationTime>2026-01-01T00:00:00Z</CreationTime><LastUpdatedTime>2026-01-02T00:00:00Z</LastUpdatedTime>"
                    + "<StackStatus>UPDATE_COMPLETE</StackStatus>" + members("Parameters", "Parameters.member.", "ParameterKey", "ParameterValue")
                    + members("Tags", "Tags.member.", "Key", "Value")
                    + (applied.containsKey("RoleARN") ? "<RoleARN>" + xml(applied.get("RoleARN")) + "</RoleARN>" : "")
                    + "<DriftInformation><StackDriftStatus>NOT_CHECKED</StackDriftStatus></DriftInformation>"
                    + "<Outputs><member><OutputKey>ApiUrl</OutputKey><OutputValue>https://training.execute-api.us-east-1.amazonaws.com/v1</OutputValue>"
                    + "</member></Outputs></member></Stacks>";
            case "GetTemplate" -> "<TemplateBody>" + xml(applied.getOrDefault("TemplateBody", "{}")) + "</TemplateBody>"
                    + "<StagesAvailable><member>Original</member><member>Processed</member></StagesAvailable>";
            case "CreateChangeSet" -> {
                applied = withDefaults(form);
                yield "<Id>" + CHANGE_SET_ID + "</Id><StackId>" + STACK_ID + "</StackId>";
            }
            case "DescribeChangeSet" -> "<ChangeSetName>training</ChangeSetName><ChangeSetId>" + CHANGE_SET_ID + "</ChangeSetId><StackId>"
                    + STACK_ID + "</StackId><StackName>" + STACK + "</StackName><Status>FAILED</Status><ExecutionStatus>UNAVAILABLE"
                    + "</ExecutionStatus><StatusReason>The submitted information didn't contain changes. Submit different information to"
                    + " create a change set.</StatusReason><Changes/>";
            case "DeleteChangeSet" -> "";
            default -> null;
        };
    }

    /**
     * The change set's fields, with a {@code Parameters.member.N} for each template parameter it left
     * out that has a Default: DescribeStacks lists every parameter the stack runs with.
     */
    private static Map<String, String> withDefaults(Map<String, String> form) {
        Map<String, String> out = new TreeMap<>(form);
        Map<String, Object> declared = TemplateParser.parse(Path.of("training.yaml"), form.getOrDefault("TemplateBody", "{}")).parameters();
        Set<String> given = new HashSet<>();
        int n = 1;
        for (; out.containsKey("Parameters.member." + n + ".ParameterKey"); n++) {
            given.add(out.get("Parameters.member." + n + ".ParameterKey"));
        }
        for (var e : declared.entrySet()) {
            if (!given.contains(e.getKey()) && e.getValue() instanceof Map<?, ?> def && def.get("Default") != null) {
                out.put("Parameters.member." + n + ".ParameterKey", e.getKey());
                out.put("Parameters.member." + n++ + ".ParameterValue", StackSpec.defaultValue(def.get("Default")));
            }
        }
        return out;
    }

    /** {@code <Name><member><K>..</K><V>..</V></member>...</Name>} from the applied change set's {@code prefix}N.K / N.V fields. */
    private String members(String name, String prefix, String key, String value) {
        StringBuilder out = new StringBuilder("<" + name + ">");
        for (int i = 1; applied.containsKey(prefix + i + "." + key); i++) {
            out.append("<member><").append(key).append('>').append(xml(applied.get(prefix + i + "." + key))).append("</").append(key)
                    .append("><").append(value).append('>').append(xml(applied.getOrDefault(prefix + i + "." + value, "")))
                    .append("</").append(value).append("></member>");
        }
        return out.append("</").append(name).append('>').toString();
    }

    private void s3(HttpExchange exchange, String method) throws IOException {
        synchronized (this) {
            operations.add(method);
        }
        exchange.getResponseHeaders().add("x-amz-request-id", "training");
        if ("HEAD".equals(method) || "PUT".equals(method)) {
            exchange.getResponseHeaders().add("ETag", "\"d41d8cd98f00b204e9800998ecf8427e\"");
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        send(exchange, 404, "<Error><Code>NoSuchKey</Code><Message>training</Message></Error>");
    }

    private static void send(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new TreeMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("\r", "&#13;");
    }
}
