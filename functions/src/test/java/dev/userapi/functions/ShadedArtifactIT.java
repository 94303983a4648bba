package dev.userapi.functions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment artifact, run as Lambda runs it: a fresh JVM with only the shaded jar on the class
 * path. Unit tests run against target/classes and cannot see what shading breaks (a lost log4j2
 * plugin cache, a dropped service file, a class filtered out that a route needs).
 */
@ExtendWith(LocalDynamoDb.Extension.class)
class ShadedArtifactIT {

    private static final Path ARTIFACT = Path.of(System.getProperty("artifact.jar", "target/user-api-functions.jar"));

    @Test
    void holdsOnlyWhatTheFunctionsNeed() throws Exception {
        try (ZipFile jar = new ZipFile(ARTIFACT.toFile())) {
            assertNull(jar.getEntry("module-info.class"));
            assertNull(jar.getEntry("software/amazon/awssdk/http/apache/ApacheHttpClient.class"), "no Apache client");
            assertNull(jar.getEntry("software/amazon/awssdk/http/nio/netty/NettyNioAsyncHttpClient.class"), "no Netty");
            assertNull(jar.getEntry("org/joda/time/DateTime.class"), "no Joda-Time");
            assertNull(jar.getEntry("com/amazonaws/services/lambda/runtime/events/S3Event.class"), "only the proxy events");
            assertTrue(jar.stream().noneMatch(e -> e.getName().matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)")), "no stale signatures");
            assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith("META-INF/maven/")));
            String httpServices = new String(jar.getInputStream(
                    jar.getEntry("META-INF/services/software.amazon.awssdk.http.SdkHttpService")).readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(httpServices.contains("UrlConnectionSdkHttpService"), httpServices);
        }
    }

    @Test
    void servesEveryRouteAndLogsJsonFromTheShadedJar(LocalDynamoDb dynamoDb, @TempDir Path temp) throws Exception {
        assertTrue(Files.isRegularFile(ARTIFACT), "build the artifact first: " + ARTIFACT);
        Path results = temp.resolve("results.txt");
        Path stdout = temp.resolve("stdout.txt");
        Path stderr = temp.resolve("stderr.txt");
        String classPath = ARTIFACT.toAbsolutePath() + File.pathSeparator + testClasses();
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, ArtifactDriver.class.getName(), results.toString())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.putAll(dynamoDb.environment(dynamoDb.createUsersTable()));

        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the driver finished");
        String err = Files.readString(stderr);
        assertEquals(0, process.exitValue(), () -> "driver failed: " + err);

        List<String> lines = Files.readAllLines(results);
        String json = "application/json ";
        assertEquals(List.of(
                "201 " + json + "{\"id\":\"jar-1\",\"name\":\"From The Jar\"}",
                "409 " + json + "{\"error\":\"a user with id \\\"jar-1\\\" already exists\"}",
                "400 " + json + "{\"error\":\"field \\\"id\\\" must be " + User.ID_RULE + "\"}",
                "200 " + json + "{\"id\":\"jar-1\",\"name\":\"From The Jar\"}",
                "400 " + json + "{\"error\":\"the user id in the path must be " + User.ID_RULE + "\"}",
                "204 " + json + "null",
                "404 " + json + "{\"error\":\"no user with id \\\"jar-1\\\"\"}",
                "404 " + json + "{\"error\":\"no user with id \\\"jar-1\\\"\"}"),
                lines.subList(0, 8));
        assertTrue(lines.get(8).startsWith("500 " + json + "{\"error\":\"internal error; request id "), lines.get(8));

        // log4j2 found its plugins (Lambda appender, JSON template layout) and the SDK its binding:
        // a broken configuration shows up as StatusLogger or SLF4J complaints on stderr.
        assertFalse(err.contains("StatusLogger") || err.contains("SLF4J") || err.contains("ERROR"), err);
        List<String> logLines = Files.readAllLines(stdout).stream().filter(l -> !l.isBlank()).toList();
        assertEquals(9 + 1, logLines.size(), () -> "a line per request, and the 500's error: " + logLines);
        for (String line : logLines) {
            assertTrue(line.startsWith("{\"timestamp\":") && line.endsWith("}") && line.contains("\"AWSRequestId\":"), line);
            assertFalse(line.contains("From The Jar") || line.contains("Someone Else"), "never the body: " + line);
        }
        assertTrue(logLines.stream().anyMatch(l -> l.contains("\"level\":\"ERROR\"") && l.contains("ResourceNotFoundException")
                && l.contains("\"stackTrace\":[")), () -> String.join("\n", logLines));
    }

    private static String testClasses() throws Exception {
        return Path.of(ArtifactDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
