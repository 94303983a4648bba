package dev.userapi.pipeline.local;

import dev.userapi.pipeline.local.fixture.Echo;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Test support: the fixture functions artifact, built the way the real one is (one jar with the
 * handlers and their dependencies merged in), the fixture template, and an HTTP client.
 */
public final class Fixtures {
    private static final String FIXTURE_PACKAGE = "dev/userapi/pipeline/local/fixture/";
    /** The libraries the fixture handlers use: the SDK's DynamoDB client and its runtime, and Jackson. */
    private static final List<String> LIBRARIES = List.of("/software/amazon/awssdk/", "/software/amazon/eventstream/",
            "/org/reactivestreams/", "/org/slf4j/slf4j-api/", "/com/fasterxml/jackson/core/");
    /** SDK modules the fixtures do not use; left out to keep the jar small and the HTTP client explicit. */
    private static final List<String> UNUSED = List.of("/apache-client/", "/netty-nio-client/", "/s3/", "/cloudformation/",
            "/sts/", "/sso/", "/ssooidc/", "/pinpoint/", "/cognitoidentity/", "/cognitoidentityprovider/", "/dynamodb-enhanced/");

    private static Path artifact;

    private Fixtures() {
    }

    /** The project's cloudformation/app.yaml (surefire passes its path; the module directory's parent otherwise). */
    public static Path appTemplate() {
        return Path.of(System.getProperty("userapi.app.template", "../cloudformation/app.yaml"));
    }

    public static Path template() {
        try {
            return Path.of(Fixtures.class.getResource("/local/fixture-api.yaml").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fixture template with a replacement applied, written to {@code dir}. */
    public static Path template(Path dir, String from, String to) throws IOException {
        String text = Files.readString(template());
        if (!text.contains(from)) {
            throw new IllegalArgumentException("the fixture template has no " + from);
        }
        Path out = dir.resolve("fixture-api.yaml");
        Files.writeString(out, text.replace(from, to));
        return out;
    }

    /** target/local-fixture/fixture-functions.jar: the fixture handlers with their libraries merged in. */
    public static synchronized Path artifact() {
        if (artifact != null) {
            return artifact;
        }
        try {
            Path classes = Path.of(Echo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path jar = classes.getParent().resolve("local-fixture").resolve("fixture-functions.jar");
            Files.createDirectories(jar.getParent());
            Set<String> seen = new HashSet<>();
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
                try (Stream<Path> files = Files.walk(classes.resolve(FIXTURE_PACKAGE))) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        String name = classes.relativize(f).toString().replace('\\', '/');
                        add(out, seen, name, Files.readAllBytes(f));
                    }
                }
                for (Path lib : libraries()) {
                    try (JarFile in = new JarFile(lib.toFile())) {
                        Enumeration<JarEntry> entries = in.entries();
                        while (entries.hasMoreElements()) {
                            JarEntry e = entries.nextElement();
                            String name = e.getName();
                            if (e.isDirectory() || name.startsWith("META-INF/") && (name.endsWith(".SF")
                                    || name.endsWith(".RSA") || name.endsWith(".DSA") || name.equals("META-INF/MANIFEST.MF"))) {
                                continue;
                            }
                            try (InputStream data = in.getInputStream(e)) {
                                add(out, seen, name, data.readAllBytes());
                            }
                        }
                    }
                }
            }
            artifact = jar;
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void add(JarOutputStream out, Set<String> seen, String name, byte[] data) throws IOException {
        if (!seen.add(name)) {
            return;
        }
        JarEntry entry = new JarEntry(name);
        entry.setLastModifiedTime(FileTime.fromMillis(0));
        out.putNextEntry(entry);
        out.write(data);
        out.closeEntry();
    }

    private static List<Path> libraries() {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<Path> out = new ArrayList<>();
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            String unix = entry.replace('\\', '/');
            if (unix.endsWith(".jar") && LIBRARIES.stream().anyMatch(unix::contains) && UNUSED.stream().noneMatch(unix::contains)) {
                out.add(Path.of(entry));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no SDK or Jackson jar on the test class path " + classPath);
        }
        return out;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A writer that keeps what the server logs, for assertions. */
    public static final class Log {
        private final StringWriter text = new StringWriter();
        public final PrintWriter writer = new PrintWriter(text, true);

        @Override
        public String toString() {
            synchronized (writer) {
                return text.toString();
            }
        }

        /**
         * The log once it holds {@code response}'s lines. The gateway logs a request after it has
         * answered (the line carries the time to answer), so a client can read its response first;
         * a request's lines are written together, under the writer's lock, and all carry its id.
         */
        public String after(HttpResponse<?> response) {
            String requestId = response.headers().firstValue("x-amzn-RequestId")
                    .orElseThrow(() -> new AssertionError("the response has no x-amzn-RequestId"));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            String logged = toString();
            while (!logged.contains(requestId) && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted waiting for the log of request " + requestId, e);
                }
                logged = toString();
            }
            return logged;
        }
    }

    public static final class Http {
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final URI base;
        private final String accessKeyId;
        private final String secretAccessKey;
        private final Instant signedAt;

        public Http(URI base) {
            this(base, null, null, null);
        }

        private Http(URI base, String accessKeyId, String secretAccessKey, Instant signedAt) {
            this.base = base;
            this.accessKeyId = accessKeyId;
            this.secretAccessKey = secretAccessKey;
            this.signedAt = signedAt;
        }

        /**
         * A client that signs every request as the AWS SDK does (SigV4 for execute-api in us-east-1, with
         * {@code x-amz-content-sha256}), with these keys, at {@code signedAt} (null: now).
         */
        public Http signedWith(String accessKeyId, String secretAccessKey, Instant signedAt) {
            return new Http(base, accessKeyId, secretAccessKey, signedAt);
        }

        public Http signedAs(LocalApp.LocalCaller caller) {
            return signedWith(caller.accessKeyId(), caller.secretAccessKey(), null);
        }

        private void sign(HttpRequest.Builder b, String method, URI uri, String body, String... headers) {
            SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
            for (int i = 0; i + 1 < headers.length; i += 2) {
                request.appendHeader(headers[i], headers[i + 1]);
            }
            SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                    .identity(AwsCredentialsIdentity.create(accessKeyId, secretAccessKey))
                    .request(request.build())
                    .payload(ContentStreamProvider.fromUtf8String(body == null ? "" : body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, LocalEnvironment.REGION)
                    .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt == null ? Instant.now() : signedAt, ZoneOffset.UTC)));
            signed.request().forEachHeader((name, values) -> {
                if (!name.equalsIgnoreCase("Host") && values.size() == 1 && !List.of(headers).contains(name)) {
                    b.header(name, values.get(0));
                }
            });
        }

        public HttpResponse<String> send(String method, String path, String body, String... headers) {
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (headers.length > 0) {
                b.headers(headers);
            }
            if (accessKeyId != null) {
                sign(b, method, base.resolve(path), body, headers);
            }
            try {
                return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        public HttpResponse<String> get(String path) {
            return send("GET", path, null);
        }

        public HttpResponse<String> postJson(String path, String body) {
            return send("POST", path, body, "Content-Type", "application/json");
        }

        public HttpResponse<byte[]> sendBytes(String method, String path, byte[] body, String... headers) {
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).headers(headers);
            try {
                return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * One HTTP/1.1 exchange over a plain socket, for what an HTTP client library would hide: the exact
     * bytes of the request line and the case of header names on the wire, both ways.
     */
    public static RawResponse raw(URI base, String requestHead) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(requestHead.replace("\n", "\r\n").concat("\r\n").getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String head = split < 0 ? text : text.substring(0, split);
            String body = split < 0 ? "" : text.substring(split + 4);
            List<String> lines = List.of(head.split("\r\n"));
            return new RawResponse(Integer.parseInt(lines.get(0).split(" ")[1]), lines.subList(1, lines.size()), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param headerLines each header line exactly as sent, e.g. {@code Set-Cookie: a=1} */
    public record RawResponse(int status, List<String> headerLines, String body) {
        public String header(String name) {
            return headerLines.stream().filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                    .map(l -> l.substring(name.length() + 1).strip()).findFirst().orElse(null);
        }

        /** The header's name as the server wrote it, or null. */
        public String nameAsSent(String name) {
            return headerLines.stream().filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                    .map(l -> l.substring(0, name.length())).findFirst().orElse(null);
        }
    }
}
