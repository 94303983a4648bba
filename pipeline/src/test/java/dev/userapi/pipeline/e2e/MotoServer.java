package dev.userapi.pipeline.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code moto_server} (moto in server mode: the AWS APIs over their real wire protocols) as a child
 * process on a free port of 127.0.0.1, with its request recorder on, so a test can read back exactly
 * what the pipeline sent. Started once per test class; {@link #close} stops it and every process it
 * started (a pyenv shim or a wrapper script may sit in front of the Python process).
 */
public final class MotoServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final URI endpoint;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread cleanup;

    private MotoServer(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
        // A test JVM killed by surefire's timeout must not leave the server running either.
        this.cleanup = new Thread(this::stop, "moto-server-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** The moto_server executable on the PATH, if any. */
    public static Optional<Path> executable() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path p = Path.of(dir, "moto_server");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Starts it on a free port with recording to {@code dir}/recording.jsonl and waits until it answers. */
    public static MotoServer start(Path executable, Path dir) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path log = dir.resolve("moto_server.log");
        ProcessBuilder pb = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("MOTO_ENABLE_RECORDING", "True");
        pb.environment().put("MOTO_RECORDER_FILEPATH", dir.resolve("recording.jsonl").toString());
        // moto itself must not pick up a real AWS identity or endpoint from the developer's shell.
        pb.environment().remove("AWS_PROFILE");
        pb.environment().remove("AWS_ENDPOINT_URL");
        MotoServer server = new MotoServer(pb.start(), URI.create("http://127.0.0.1:" + port), log);
        server.awaitReady(Duration.ofSeconds(60));
        return server;
    }

    public URI endpoint() {
        return endpoint;
    }

    private void awaitReady(Duration bound) throws InterruptedException, IOException {
        Instant deadline = Instant.now().plus(bound);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        close();
        throw new IllegalStateException("moto_server did not answer on " + endpoint + " within " + bound + ": " + Files.readString(log));
    }

    /** Forgets every account's resources (moto's own reset), so each test starts from an empty AWS. */
    void resetState() {
        post("/moto-api/reset");
    }

    /** Empties the request recording. */
    void resetRecording() {
        post("/moto-api/recorder/reset-recording");
    }

    /** Every request since the last {@link #resetRecording}, in order. */
    List<Request> recording() {
        String body = get("/moto-api/recorder/download-recording");
        List<Request> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode e = JSON.readTree(line);
                String raw = e.path("body").isNull() ? "" : e.path("body").asText("");
                byte[] bytes = e.path("body_encoded").asBoolean(false) ? Base64.getDecoder().decode(raw) : raw.getBytes(StandardCharsets.UTF_8);
                out.add(new Request(e.path("method").asText(), URI.create(e.path("url").asText()), bytes));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return out;
    }

    private void post(String path) {
        send(HttpRequest.newBuilder(endpoint.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private String get(String path) {
        return send(HttpRequest.newBuilder(endpoint.resolve(path)).GET());
    }

    private String send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException(r.uri() + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it stops the server itself
        }
    }

    private void stop() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * One recorded request.
     *
     * @param body the bytes as sent (for the Query protocol of STS and CloudFormation: a form)
     */
    record Request(String method, URI url, byte[] body) {
        /** The Query protocol's parameters (Action, RoleSessionName, ...); empty for REST calls like S3's. */
        Map<String, String> form() {
            Map<String, String> out = new LinkedHashMap<>();
            String text = new String(body, StandardCharsets.UTF_8);
            if (!text.contains("Action=")) {
                return out;
            }
            for (String pair : text.split("&")) {
                int eq = pair.indexOf('=');
                String k = eq < 0 ? pair : pair.substring(0, eq);
                String v = eq < 0 ? "" : pair.substring(eq + 1);
                out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            }
            return out;
        }

        String action() {
            return form().getOrDefault("Action", method + " " + url.getPath());
        }
    }
}
