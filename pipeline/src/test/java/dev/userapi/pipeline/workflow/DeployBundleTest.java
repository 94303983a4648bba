package dev.userapi.pipeline.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.userapi.pipeline.workflow.Workflow.Job;
import dev.userapi.pipeline.workflow.Workflow.Step;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs deploy.yml's own shell the way a GitHub runner does ({@code bash --noprofile --norc -eo
 * pipefail}, the step's {@code working-directory}, {@code GITHUB_OUTPUT}): the build job's step that
 * assembles and hashes {@code dist/}, on a build laid out like Maven's, then every later job's check
 * on a copy of what the build uploaded. It shows that the CLI arrives with every jar its manifest
 * names, where the jobs run it from, and that a changed, missing or added file stops each job before
 * it reaches AWS. The rules in {@link WorkflowRules} read the workflow; this runs it.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "deploy.yml runs on ubuntu runners; its scripts use GNU coreutils")
class DeployBundleTest {
    private static final String BUILD = "build";
    private static final String BUILD_ARTIFACT = "user-api-build";
    private static final String FUNCTIONS_JAR = "functions/target/" + WorkflowRules.ARTIFACT_FILE;
    /** Long enough that the manifest's Class-Path runs over several 72-byte lines, as the real one does. */
    private static final List<String> LIB = List.of(
            "picocli-4.7.7.jar", "snakeyaml-2.5.jar", "jackson-databind-2.20.1.jar", "cloudformation-2.35.0.jar",
            "sts-2.35.0.jar", "s3-2.35.0.jar", "listenablefuture-9999.0-empty-to-avoid-conflict-with-guava.jar");
    private static final Pattern OUTPUT = Pattern.compile("\\$\\{\\{\\s*(steps|needs)\\.([\\w-]+)\\.outputs\\.([\\w-]+)\\s*}}");
    private static final String GITHUB_SHA = "e5f1c7ea1b47cd9c86363ab347a245328a6bf541";

    private static Workflow workflow;

    @TempDir
    Path tmp;
    private Path checkout;

    @BeforeAll
    static void readAndCheckTools() throws IOException {
        workflow = Workflow.load(DeployWorkflowTest.DEPLOY);
        for (String tool : List.of("bash", "sha256sum", "unzip", "diff", "find", "sort", "xargs", "cut")) {
            assumeTrue(onPath(tool), tool + " is not on PATH; the runner that runs deploy.yml has it");
        }
    }

    /** A checkout after {@code ./mvnw verify}: the functions artifact, the CLI jar, lib/ and the build's other output. */
    @BeforeEach
    void build() throws IOException {
        checkout = Files.createDirectories(tmp.resolve("build"));
        write(checkout.resolve(FUNCTIONS_JAR), "the functions artifact");
        Path target = checkout.resolve("pipeline/target");
        for (String jar : LIB) {
            write(target.resolve("lib").resolve(jar), "classes of " + jar);
        }
        write(target.resolve("classes/dev/userapi/pipeline/cli/PipelineCli.class"), "compiled classes, already in the jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.userapi.pipeline.cli.PipelineCli");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", LIB.stream().map(j -> "lib/" + j).toList()));
        try (OutputStream out = Files.newOutputStream(target.resolve(WorkflowRules.CLI_JAR));
             JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
    }

    @Test
    void theCliArrivesWithItsClassPathAndPassesEveryJobsCheck() throws IOException {
        Built built = runBuild();
        List<Job> jobs = downloadingJobs();
        assertTrue(jobs.size() >= WorkflowRules.ENVIRONMENTS.size(), "expected a job per environment to download the build, got " + jobs);
        for (Job job : jobs) {
            Path runner = download(built, job);
            Result check = run(job, verifyStep(job), runner, built.outputs());
            assertEquals(0, check.exit(), job.id() + " rejected the build it downloaded:\n" + check.output());
            List<Invocation> calls = Invocation.inJob(job);
            assertFalse(calls.isEmpty(), "job " + job.id() + " runs no pipeline");
            for (Invocation call : calls) {
                Path jar = runner.resolve(call.program());
                assertTrue(Files.isRegularFile(jar), call.step().describe() + " runs " + call.program() + ", which the build did not ship");
                for (String entry : classPath(jar)) {
                    assertTrue(Files.isRegularFile(jar.resolveSibling(entry)),
                            call.step().describe() + ": " + call.program() + " names " + entry + " in its Class-Path, which did not travel with it");
                }
            }
        }
    }

    @Test
    void theOutputsAreTheDigestsOfTheArtifactAndOfTheCliFileList() throws IOException {
        Built built = runBuild();
        Path dist = built.uploaded();
        assertEquals(sha256(dist.resolve(WorkflowRules.ARTIFACT_FILE)), built.outputs().get("artifact-sha256"));
        assertEquals(sha256(checkout.resolve(FUNCTIONS_JAR)), built.outputs().get("artifact-sha256"), "the artifact is the one Maven built");
        Path list = dist.resolve("cli.sha256sums");
        assertEquals(sha256(list), built.outputs().get("cli-sha256"));
        // The list holds every file under cli/, each with its digest, and nothing else.
        List<String> expected = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dist.resolve("cli"))) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                expected.add(sha256(file) + "  " + dist.relativize(file));
            }
        }
        assertEquals(expected, Files.readAllLines(list));
        assertEquals(1 + LIB.size(), expected.size());
        assertFalse(Files.exists(dist.resolve("cli/classes")), "only the jar and lib/ ship, not the build's other output");
    }

    @Test
    void aChangedMissingOrAddedFileOfTheCliOrTheArtifactStopsEveryJob() throws IOException {
        Built built = runBuild();
        Map<String, Consumer<Path>> tampering = new LinkedHashMap<>();
        tampering.put("a changed lib jar", dist -> append(dist.resolve("cli/lib/" + LIB.get(1)), "patched"));
        tampering.put("a missing lib jar", dist -> delete(dist.resolve("cli/lib/" + LIB.get(3))));
        tampering.put("an added lib jar", dist -> write(dist.resolve("cli/lib/zz-extra-1.0.jar"), "not built here"));
        tampering.put("a changed CLI jar", dist -> append(dist.resolve("cli/" + WorkflowRules.CLI_JAR), "patched"));
        tampering.put("a changed functions artifact", dist -> append(dist.resolve(WorkflowRules.ARTIFACT_FILE), "patched"));
        tampering.put("a changed lib jar with the file list rewritten to match", dist -> {
            Path jar = dist.resolve("cli/lib/" + LIB.get(0));
            String before = sha256(jar);
            append(jar, "patched");
            Path list = dist.resolve("cli.sha256sums");
            write(list, read(list).replace(before, sha256(jar)));
        });
        for (Job job : downloadingJobs()) {
            for (Map.Entry<String, Consumer<Path>> tamper : tampering.entrySet()) {
                Path runner = download(built, job);
                tamper.getValue().accept(runner.resolve(downloadPath(job)));
                Result check = run(job, verifyStep(job), runner, built.outputs());
                assertNotEquals(0, check.exit(), "job " + job.id() + " accepted " + tamper.getKey() + ":\n" + check.output());
            }
        }
    }

    @Test
    void theBuildFailsWhenAJarItsManifestNamesIsMissing() throws IOException {
        delete(checkout.resolve("pipeline/target/lib/" + LIB.get(LIB.size() - 1)));
        Job build = job(BUILD);
        Result result = run(build, bundleStep(build), checkout, Map.of());
        assertNotEquals(0, result.exit(), "the build shipped a CLI without a jar its Class-Path names:\n" + result.output());
        assertTrue(result.output().contains("::error::") && result.output().contains(LIB.get(LIB.size() - 1)),
                "expected an error annotation naming the missing jar, got:\n" + result.output());
    }

    // ---------------------------------------------------------------- the workflow, run

    private record Built(Map<String, String> outputs, Path uploaded) {
    }

    private record Result(int exit, String output) {
    }

    /** Runs the build job's bundle step and resolves the job's outputs from what it wrote to GITHUB_OUTPUT. */
    private Built runBuild() throws IOException {
        Job build = job(BUILD);
        Step bundle = bundleStep(build);
        Result result = run(build, bundle, checkout, Map.of());
        assertEquals(0, result.exit(), bundle.describe() + " failed:\n" + result.output());
        Map<String, String> stepOutputs = readOutputs(checkout.resolve(".github-output"));
        Map<String, String> jobOutputs = new LinkedHashMap<>();
        build.outputs().forEach((name, expression) -> jobOutputs.put(name,
                resolve(String.valueOf(expression), (kind, id, key) -> {
                    assertEquals("steps", kind, "build output " + name);
                    assertEquals(bundle.body().get("id"), id, "build output " + name);
                    return stepOutputs.get(key);
                })));
        jobOutputs.forEach((name, value) -> assertTrue(value != null && value.matches("[0-9a-f]{64}"),
                "build output " + name + " is not a SHA-256: " + value));
        Step upload = build.steps().stream()
                .filter(s -> s.action().equals("actions/upload-artifact") && BUILD_ARTIFACT.equals(s.withValue("name")))
                .findFirst().orElseThrow(() -> new AssertionError("the build job uploads no " + BUILD_ARTIFACT));
        Path uploaded = checkout.resolve(upload.withValue("path"));
        assertTrue(Files.isDirectory(uploaded), "the build uploads " + upload.withValue("path") + ", which the bundle step did not make");
        return new Built(jobOutputs, uploaded);
    }

    /** A fresh runner for {@code job} with the build's upload where its download step puts it. */
    private Path download(Built built, Job job) throws IOException {
        Path runner = Files.createTempDirectory(tmp, job.id());
        copyTree(built.uploaded(), runner.resolve(downloadPath(job)));
        return runner;
    }

    private Result run(Job job, Step step, Path workspace, Map<String, String> needsOutputs) throws IOException {
        Map<String, Object> defaults = Workflow.asMap(Workflow.asMap(workflow.root().get("defaults")).get("run"));
        Object shell = step.body().getOrDefault("shell", defaults.get("shell"));
        // GitHub runs `shell: bash` as this command; plain bash would miss a failure inside a pipe.
        assertEquals("bash", shell, step.describe() + " must run in bash, with -eo pipefail");
        Object workingDirectory = step.body().getOrDefault("working-directory", defaults.getOrDefault("working-directory", "."));
        Path script = Files.createTempFile(tmp, "step", ".sh");
        Files.writeString(script, resolve(step.run(), (kind, id, key) -> {
            throw new AssertionError(step.describe() + ": the test cannot evaluate ${{ " + kind + "." + id + " }} in a script");
        }));
        ProcessBuilder process = new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail", script.toString())
                .directory(workspace.resolve(String.valueOf(workingDirectory)).toFile())
                .redirectErrorStream(true);
        Map<String, String> env = process.environment();
        Map<String, Object> declared = new LinkedHashMap<>(Workflow.asMap(workflow.root().get("env")));
        declared.putAll(Workflow.asMap(job.body().get("env")));
        declared.putAll(step.env());
        declared.forEach((name, value) -> env.put(name, resolve(String.valueOf(value), (kind, id, key) -> {
            assertEquals("needs", kind, step.describe() + " env " + name);
            assertTrue(job.needs().contains(id), step.describe() + " reads needs." + id + " but the job does not need it");
            assertTrue(needsOutputs.containsKey(key), step.describe() + " reads needs." + id + ".outputs." + key + ", which the build does not publish");
            return needsOutputs.get(key);
        })));
        env.put("GITHUB_OUTPUT", workspace.resolve(".github-output").toString());
        env.put("GITHUB_STEP_SUMMARY", workspace.resolve(".github-summary").toString());
        env.put("GITHUB_SHA", GITHUB_SHA);
        env.put("GITHUB_WORKSPACE", workspace.toString());
        Process started = process.start();
        String output = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!started.waitFor(60, TimeUnit.SECONDS)) {
                started.destroyForcibly();
                throw new AssertionError(step.describe() + " did not finish in 60 s:\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return new Result(started.exitValue(), output);
    }

    private interface Outputs {
        String get(String kind, String id, String key);
    }

    /** Puts in {@code ${{ steps.ID.outputs.KEY }}} and {@code ${{ needs.ID.outputs.KEY }}}; any other expression fails the test. */
    private static String resolve(String text, Outputs outputs) {
        Matcher m = OUTPUT.matcher(text);
        String resolved = m.replaceAll(r -> Matcher.quoteReplacement(String.valueOf(outputs.get(r.group(1), r.group(2), r.group(3)))));
        assertFalse(resolved.contains("${{"), "an expression the test cannot evaluate in: " + text);
        return resolved;
    }

    private static Map<String, String> readOutputs(Path file) throws IOException {
        Map<String, String> outputs = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            assertTrue(eq > 0 && !line.contains("<<"), "GITHUB_OUTPUT line the test does not read: " + line);
            outputs.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return outputs;
    }

    // ---------------------------------------------------------------- finding the steps

    private static Job job(String id) {
        return workflow.job(id).orElseThrow(() -> new AssertionError("deploy.yml has no job " + id));
    }

    /** The step whose outputs the build job publishes. */
    private static Step bundleStep(Job build) {
        List<Step> steps = build.steps().stream()
                .filter(s -> s.body().get("id") != null
                        && build.outputs().values().stream().anyMatch(o -> String.valueOf(o).contains("steps." + s.body().get("id") + ".")))
                .toList();
        assertEquals(1, steps.size(), "expected one build step behind the job's outputs, got " + steps);
        return steps.get(0);
    }

    private static List<Job> downloadingJobs() {
        return workflow.jobs().values().stream().filter(j -> downloadStep(j) != null).toList();
    }

    private static Step downloadStep(Job job) {
        return job.steps().stream()
                .filter(s -> s.action().equals("actions/download-artifact") && BUILD_ARTIFACT.equals(s.withValue("name")))
                .findFirst().orElse(null);
    }

    private static String downloadPath(Job job) {
        String path = downloadStep(job).withValue("path");
        return path == null ? "." : path;
    }

    /** The first step after the download that runs sha256sum: the check that guards the job. */
    private static Step verifyStep(Job job) {
        int after = downloadStep(job).index();
        return job.steps().stream().filter(s -> s.index() > after && s.run().contains("sha256sum")).findFirst()
                .orElseThrow(() -> new AssertionError("job " + job.id() + " checks nothing it downloaded"));
    }

    // ---------------------------------------------------------------- files

    private static List<String> classPath(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            return classPath == null ? List.of() : List.of(classPath.trim().split("\\s+"));
        }
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void append(Path file, String text) {
        try {
            Files.write(file, text.getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, tool)));
    }
}
