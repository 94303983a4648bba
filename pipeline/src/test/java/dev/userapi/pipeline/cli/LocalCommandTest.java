package dev.userapi.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userapi.pipeline.local.Fixtures;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `pipeline local` through the real command line: what it prints, how it stops, and its exit codes. */
class LocalCommandTest {

    private record Run(CompletableFuture<Integer> exit, StringWriter out, StringWriter err, Thread thread) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread t = new Thread(() -> exit.complete(PipelineCli.commandLine()
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args)), "pipeline-local-test");
        t.start();
        return new Run(exit, out, err, t);
    }

    private static int exitOf(String... args) throws Exception {
        return run(args).exit().get(60, TimeUnit.SECONDS);
    }

    private static String errOf(Run r) throws Exception {
        r.exit().get(60, TimeUnit.SECONDS);
        return r.err().toString();
    }

    /**
     * A machine without Node.js: the CLI in its own process with a PATH that has no {@code node}
     * (the JVM is started by its absolute path, so it needs none).
     */
    @Test
    void withoutNodeItSaysSoInOneLineExits2AndStartsNothing(@TempDir Path empty) throws Exception {
        int port = Fixtures.freePort();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PipelineCli.class.getName(), "local",
                "--template", Fixtures.template().toString(), "--artifact", Fixtures.artifact().toString(),
                "--port", String.valueOf(port));
        pb.environment().put("PATH", empty.toString());
        pb.environment().put("PIPELINE_CACHE_DIR", empty.resolve("cache").toString());
        Process p = pb.redirectErrorStream(false).start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "pipeline local without node did not exit");
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(ExitCodes.BAD_INPUT, p.exitValue(), err);
        assertEquals(1, err.strip().lines().count(), "one line: " + err);
        assertTrue(err.startsWith("pipeline local: the local DynamoDB engine (dynalite) needs Node.js 20+"), err);
        assertTrue(err.contains("--dynamodb-endpoint"), err);
        assertEquals("", out, "no banner: nothing served");
        assertFalse(Files.exists(empty.resolve("cache")), "nothing installed");
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertEquals(port, again.getLocalPort(), "the port was released");
        }
    }

    @Test
    void servesTheWalkThroughPrintsTheBannerAndStopsOnInterrupt() throws Exception {
        int port = Fixtures.freePort();
        Run r = run("local", "--template", Fixtures.template().toString(), "--artifact", Fixtures.artifact().toString(),
                "--port", String.valueOf(port));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!r.out().toString().contains("Ctrl-C stops it.") && !r.exit().isDone() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        String banner = r.out().toString();
        assertTrue(banner.contains("Serving http://127.0.0.1:" + port), banner + r.err());
        assertTrue(banner.contains("POST   /users"), banner);
        assertTrue(banner.contains("CreateUserFunction (dev.userapi.pipeline.local.fixture.CreateUser::handleRequest)"), banner);
        assertTrue(banner.contains("table fixture-local-UsersTable (id HASH S, PAY_PER_REQUEST) created"), banner);
        assertTrue(banner.contains("curl -i -X POST http://127.0.0.1:" + port
                + "/users -H 'Content-Type: application/json' -d '{\"id\":\"1\",\"name\":\"John Doe\"}'"), banner);
        assertTrue(banner.contains("curl -i http://127.0.0.1:" + port + "/users/1"), banner);
        assertTrue(banner.contains("curl -i -X DELETE http://127.0.0.1:" + port + "/users/1"), banner);

        Fixtures.Http http = new Fixtures.Http(URI.create("http://127.0.0.1:" + port));
        assertEquals(201, http.postJson("/users", "{\"id\":\"1\",\"name\":\"John Doe\"}").statusCode());
        HttpResponse<String> got = http.get("/users/1");
        assertEquals(200, got.statusCode());
        assertEquals("{\"id\":\"1\",\"name\":\"John Doe\"}", got.body());
        assertEquals(409, http.postJson("/users", "{\"id\":\"1\",\"name\":\"Jane Roe\"}").statusCode());
        assertEquals("{\"id\":\"1\",\"name\":\"John Doe\"}", http.get("/users/1").body());
        assertEquals(204, http.send("DELETE", "/users/1", null).statusCode());
        assertEquals(404, http.get("/users/1").statusCode());
        // The gateway writes a request's line after it has answered: wait for it rather than race it.
        long logDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (r.err().toString().lines().noneMatch(l -> l.matches("DELETE /users/1 204 \\d+ ms [0-9a-f-]{36}"))
                && System.nanoTime() < logDeadline) {
            Thread.sleep(20);
        }
        assertTrue(r.err().toString().lines().anyMatch(l -> l.matches("DELETE /users/1 204 \\d+ ms [0-9a-f-]{36}")), r.err().toString());

        r.thread().interrupt();
        assertEquals(ExitCodes.INTERRUPTED, r.exit().get(30, TimeUnit.SECONDS));
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertEquals(port, again.getLocalPort(), "the port is free once the command returned");
        }
    }

    @Test
    void aBrokenTemplateIsReportedAsFileLineMessageWithExit2(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("app.yaml");
        Files.writeString(broken, "Resources:\n  Api:\n    Type: [unclosed\n");
        Run r = run("local", "--template", broken.toString(), "--artifact", Fixtures.artifact().toString(), "--port", "0");
        String err = errOf(r);
        assertEquals(ExitCodes.BAD_INPUT, r.exit().get());
        assertTrue(err.startsWith(broken + ":"), err);
        assertTrue(err.matches("(?s).*app\\.yaml:\\d+: syntax error.*"), err);
    }

    @Test
    void aMissingArtifactExits2AndSaysHowToBuildIt(@TempDir Path dir) throws Exception {
        Run r = run("local", "--template", Fixtures.template().toString(), "--artifact", dir.resolve("nope.jar").toString());
        String err = errOf(r);
        assertEquals(ExitCodes.BAD_INPUT, r.exit().get());
        assertTrue(err.contains("does not exist; build it with `./mvnw -B -DskipTests package`"), err);
    }

    @Test
    void aBusyPortExits1AndNamesThePortAndTheFlag() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Run r = run("local", "--template", Fixtures.template().toString(), "--artifact", Fixtures.artifact().toString(),
                    "--port", String.valueOf(busy.getLocalPort()));
            String err = errOf(r);
            assertEquals(ExitCodes.FINDINGS, r.exit().get());
            assertTrue(err.contains("port " + busy.getLocalPort() + " on 127.0.0.1 is in use"), err);
            assertTrue(err.contains("--port"), err);
        }
    }

    @Test
    void badFlagsExit2() throws Exception {
        assertEquals(ExitCodes.BAD_INPUT, exitOf("local", "--port", "70000"));
        assertEquals(ExitCodes.BAD_INPUT, exitOf("local", "--template", Fixtures.template().toString(),
                "--artifact", Fixtures.artifact().toString(), "--parameter", "Nope=1"));
    }
}
