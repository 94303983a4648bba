package dev.userapi.pipeline.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * An HTTP proxy in front of moto that gives back what moto lacks and AWS does: a change set takes time
 * to compute. moto computes it inside CreateChangeSet; through this proxy DescribeChangeSet says
 * {@code CREATE_PENDING} (execution {@code UNAVAILABLE}) for as long as the test wants, so a Ctrl-C can
 * land while the pipeline waits, as it would on AWS. Everything else passes through unchanged (moto does
 * not check signatures, so the changed Host does not matter).
 */
final class SlowChangeSetProxy implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding",
            "keep-alive", "proxy-connection", "te", "trailer");
    private final HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI target;
    /** Counts down at the first DescribeChangeSet: the pipeline is now waiting for the computation. */
    final CountDownLatch waiting = new CountDownLatch(1);

    SlowChangeSetProxy(URI target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "slow-change-set-proxy");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::forward);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpRequest.Builder b = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                    .timeout(Duration.ofSeconds(60))
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((k, values) -> {
                if (!HOP_BY_HOP.contains(k.toLowerCase())) {
                    values.forEach(v -> b.header(k, v));
                }
            });
            HttpResponse<byte[]> r;
            try {
                r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            byte[] answer = r.body();
            if (new String(body, StandardCharsets.UTF_8).contains("Action=DescribeChangeSet")) {
                waiting.countDown();
                answer = new String(answer, StandardCharsets.UTF_8)
                        .replace("<Status>CREATE_COMPLETE</Status>", "<Status>CREATE_PENDING</Status>")
                        .replace("<ExecutionStatus>AVAILABLE</ExecutionStatus>", "<ExecutionStatus>UNAVAILABLE</ExecutionStatus>")
                        .getBytes(StandardCharsets.UTF_8);
            }
            r.headers().map().forEach((k, values) -> {
                if (!HOP_BY_HOP.contains(k.toLowerCase()) && !k.equals(":status")) {
                    exchange.getResponseHeaders().put(k, List.copyOf(values));
                }
            });
            boolean noBody = exchange.getRequestMethod().equals("HEAD") || r.statusCode() == 204 || r.statusCode() == 304;
            exchange.sendResponseHeaders(r.statusCode(), noBody ? -1 : answer.length == 0 ? -1 : answer.length);
            if (!noBody && answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
