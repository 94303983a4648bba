package dev.userapi.pipeline.policy;

import dev.userapi.pipeline.template.TemplateParser;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Not a test: what {@code pipeline validate} costs over all of {@code cloudformation/}, beside what
 * reading the same templates costs, all measured in one run so the ratios hold on whatever machine
 * runs it. Run it with {@code bench/validate-bench.sh}, which starts it in a fresh JVM on the test
 * class path.
 *
 * <ul>
 *   <li>first validation in this JVM: class loading, the YAML parser's start-up and the IAM action
 *       table, as a CLI run pays them;</li>
 *   <li>cold, in fresh JVMs (the same class path, started from here): validation against parsing
 *       alone, each the first thing its JVM does;</li>
 *   <li>warm: the median of many validations against the median of many parses, interleaved so both
 *       see the same load;</li>
 *   <li>whole process, when {@code pipeline/target/pipeline.jar} exists: {@code java -jar pipeline.jar
 *       validate} against {@code java -jar pipeline.jar --version} (JVM and command-line start-up).</li>
 * </ul>
 * Wall time is what a user waits for; CPU time of the measuring thread is shown beside it (not for
 * whole processes), because on a shared machine wall time also measures the neighbours.
 */
public final class ValidateBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** One measured thing: wall and CPU nanoseconds per run, sorted; no CPU for whole processes. */
    record Sample(String what, long[] wallNanos, long[] cpuNanos) {
        static Sample of(String what, List<long[]> runs) {
            long[] wall = runs.stream().mapToLong(r -> r[0]).sorted().toArray();
            long[] cpu = runs.get(0).length > 1 ? runs.stream().mapToLong(r -> r[1]).sorted().toArray() : null;
            return new Sample(what, wall, cpu);
        }

        double wallMs() {
            return median(wallNanos) / 1e6;
        }

        double cpuMs() {
            return median(cpuNanos) / 1e6;
        }

        private static long median(long[] sorted) {
            return sorted[sorted.length / 2];
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--cold")) {
            coldChild(args[1]);
            return;
        }
        int warmRuns = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int processRuns = args.length > 1 ? Integer.parseInt(args[1]) : 5;

        Path root = ProjectFiles.root();
        List<Path> files = templates(root);

        // The very first thing this JVM does, as in a CLI run.
        long[] first = timed(() -> TemplateValidator.standard().validate(files));
        ValidationResult result = TemplateValidator.standard().validate(files);

        // Warm-up, then both measured in turn, run after run.
        for (int i = 0; i < Math.max(20, warmRuns / 2); i++) {
            TemplateValidator.standard().validate(files);
            parseAll(files);
        }
        List<long[]> validateRuns = new ArrayList<>();
        List<long[]> parseRuns = new ArrayList<>();
        for (int i = 0; i < warmRuns; i++) {
            validateRuns.add(timed(() -> TemplateValidator.standard().validate(files)));
            parseRuns.add(timed(() -> parseAll(files)));
        }

        List<String> notes = new ArrayList<>();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<long[]> coldValidate = new ArrayList<>();
        List<long[]> coldParse = new ArrayList<>();
        for (int i = 0; i < processRuns; i++) {
            long[] v = child(notes, root, java, "validate");
            long[] p = v == null ? null : child(notes, root, java, "parse");
            if (p == null) {
                coldValidate.clear();
                break;
            }
            coldValidate.add(v);
            coldParse.add(p);
        }

        Path jar = root.resolve("pipeline/target/pipeline.jar");
        List<long[]> jarValidate = new ArrayList<>();
        List<long[]> jarVersion = new ArrayList<>();
        if (!Files.isRegularFile(jar)) {
            notes.add("whole-process timings skipped: no " + root.relativize(jar)
                    + " (build it with ./mvnw -B -pl pipeline package -DskipTests)");
        } else {
            for (int i = 0; i < processRuns; i++) {
                jarValidate.add(process(notes, root, java, "-jar", jar.toString(), "validate"));
                jarVersion.add(process(notes, root, java, "-jar", jar.toString(), "--version"));
            }
        }

        System.out.printf("%npipeline validate over %d templates under %s/ (%d findings); %s %s%n%n",
                files.size(), TemplateFiles.DEFAULT_DIRECTORY, result.findings().size(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        String format = "%-44s %5s %9s %8s %11s %10s%n";
        System.out.printf(format, "measurement", "runs", "wall ms", "cpu ms", "wall ratio", "cpu ratio");
        row(format, Sample.of("validate, first run in this JVM (cold)", List.of(first)), null);
        if (!coldValidate.isEmpty()) {
            Sample parse = Sample.of("parse only, first run in a fresh JVM", coldParse);
            row(format, parse, null);
            row(format, Sample.of("validate, first run in a fresh JVM", coldValidate), parse);
        }
        Sample warmParse = Sample.of("parse only, warm (median)", parseRuns);
        Sample warmValidate = Sample.of("validate, warm (median)", validateRuns);
        row(format, warmParse, null);
        row(format, warmValidate, warmParse);
        if (!jarValidate.isEmpty()) {
            Sample version = Sample.of("java -jar pipeline.jar --version", jarVersion);
            Sample validate = Sample.of("java -jar pipeline.jar validate", jarValidate);
            row(format, version, null);
            row(format, validate, version);
        }
        double rulesWall = warmValidate.wallMs() - warmParse.wallMs();
        double rulesCpu = warmValidate.cpuMs() - warmParse.cpuMs();
        System.out.printf("%nwarm, the rules beyond parsing: %.1f ms wall, %.2fx parsing; %.1f ms CPU, %.2fx parsing%n",
                rulesWall, rulesWall / warmParse.wallMs(), rulesCpu, rulesCpu / warmParse.cpuMs());
        notes.forEach(n -> System.out.println("note: " + n));
    }

    /** In a fresh JVM: one cold run of {@code mode}, its wall and CPU nanoseconds on stdout. */
    private static void coldChild(String mode) {
        List<Path> files = templates(ProjectFiles.root());
        long[] t = mode.equals("validate")
                ? timed(() -> TemplateValidator.standard().validate(files))
                : timed(() -> parseAll(files));
        System.out.println(t[0] + " " + t[1]);
    }

    private static List<Path> templates(Path root) {
        return TemplateFiles.select(List.of(root.resolve(TemplateFiles.DEFAULT_DIRECTORY))).files();
    }

    private static void parseAll(List<Path> files) {
        files.forEach(TemplateParser::parse);
    }

    /** {wall, cpu} nanoseconds of {@code work} on this thread. */
    private static long[] timed(Runnable work) {
        long cpu = THREADS.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        work.run();
        return new long[] {System.nanoTime() - wall, THREADS.getCurrentThreadCpuTime() - cpu};
    }

    /**
     * A fresh JVM on this class path that times one cold {@code mode} run itself (so JVM start-up is
     * left out) and prints it; null, with a note, when it cannot.
     */
    private static long[] child(List<String> notes, Path dir, String java, String mode) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ValidateBenchmark.class.getName(),
                "--cold", mode).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0 || !out.matches("\\d+ \\d+")) {
            notes.add("fresh-JVM runs skipped: the child JVM said " + out.lines().findFirst().orElse("nothing")
                    + " (bench/validate-bench.sh puts the test class path on java.class.path)");
            return null;
        }
        String[] wallAndCpu = out.split(" ");
        return new long[] {Long.parseLong(wallAndCpu[0]), Long.parseLong(wallAndCpu[1])};
    }

    /** Wall time of a whole process, start to exit. */
    private static long[] process(List<String> notes, Path dir, String... command) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int exit = p.waitFor();
        long wall = System.nanoTime() - start;
        if (exit != 0) {
            notes.add(String.join(" ", Arrays.asList(command).subList(1, command.length)) + " exited " + exit);
        }
        return new long[] {wall};
    }

    /** A table row; the ratios are to {@code baseline}, measured in the same run. */
    private static void row(String format, Sample s, Sample baseline) {
        boolean cpu = s.cpuNanos() != null;
        String wallRatio = baseline == null ? "" : String.format("%.2fx", s.wallMs() / baseline.wallMs());
        String cpuRatio = baseline == null || !cpu ? "" : String.format("%.2fx", s.cpuMs() / baseline.cpuMs());
        System.out.printf(format, s.what(), s.wallNanos().length, String.format("%.1f", s.wallMs()),
                cpu ? String.format("%.1f", s.cpuMs()) : "-", wallRatio, cpuRatio);
    }

    private ValidateBenchmark() {
    }
}
