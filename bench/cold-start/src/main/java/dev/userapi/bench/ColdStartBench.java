package dev.userapi.bench;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Measures cold starts: for each run, a fresh JVM ({@link FirstRequest}) constructs a handler and
 * serves its first request against dynalite; the time is taken from just before the process
 * is spawned to the moment its first response is reported, so it includes JVM start-up, class
 * loading, the handler's init and the first call over the wire. The variants alternate (the order
 * reversed every other run, so none always runs on a warmer machine), after one discarded warm-up
 * each that fills the page cache with their jars:
 * <ul>
 *   <li>{@code ours}: our handler, with the template's {@code JAVA_TOOL_OPTIONS} in its environment,
 *       as Lambda starts it;</li>
 *   <li>{@code baseline}: the naive handler as a tutorial deploys it: no {@code JAVA_TOOL_OPTIONS};</li>
 *   <li>{@code ours-primed}: ours with the SnapStart hooks run before the request (see
 *       {@link FirstRequest}); its first request is what a restored function serves first.</li>
 * </ul>
 * Every variant's JVM gets {@link #RUNTIME_OPTIONS}, what the java21 runtime's JVM runs with whatever
 * the function sets, so a variant without {@code JAVA_TOOL_OPTIONS} is not measured with JIT and GC
 * settings no Lambda function has.
 *
 * <p>Usage: {@code ColdStartBench ENDPOINT RUNS JAVA OURS_CLASSPATH BASELINE_CLASSPATH JAVA_TOOL_OPTIONS}
 */
public final class ColdStartBench {

    /**
     * The JVM options of a function on the java21 runtime before any {@code JAVA_TOOL_OPTIONS}:
     * Lambda stops tiered compilation at level 1 by default for Java 17 and 21
     * (https://docs.aws.amazon.com/lambda/latest/dg/java-customization.html), and at the memory
     * sizes of these functions (under 1,769 MB: less than two vCPUs) the JVM is not "server class",
     * so it picks the Serial GC; on the bench machine's two cores it would pick G1.
     */
    static final List<String> RUNTIME_OPTIONS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private static final String TABLE = "bench-users";
    private static final String REGION = "eu-west-1";

    /** @param javaToolOptions the JAVA_TOOL_OPTIONS of the run's environment; empty for none */
    private record Variant(String label, String handler, String classPath, String javaToolOptions, boolean primed) {
    }

    private record Sample(long wallMicros, long initMicros, long firstRequestMicros, long cpuMicros) {
    }

    private ColdStartBench() {
    }

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        int runs = Integer.parseInt(args[1]);
        String java = args[2];
        String templateOptions = args.length > 5 ? args[5] : "";
        String ours = "dev.userapi.functions.CreateUserHandler";
        String naive = "dev.userapi.bench.baseline.NaiveCreateUserHandler";
        List<Variant> variants = List.of(
                new Variant("ours", ours, args[3], templateOptions, false),
                new Variant("baseline", naive, args[4], "", false),
                new Variant("ours-primed", ours, args[3], templateOptions, true));

        createTable(endpoint);
        Map<String, String> environment = Map.of(
                "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                "TABLE_NAME", TABLE,
                "AWS_REGION", REGION,
                "AWS_ACCESS_KEY_ID", "AKIDBENCH",
                "AWS_SECRET_ACCESS_KEY", "bench-secret",
                // Read by our handler from its environment map and by the SDK's default builder
                // (service-specific endpoint variables), so both reach the local engine unchanged.
                "AWS_ENDPOINT_URL_DYNAMODB", endpoint.toString());

        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        variants.forEach(v -> samples.put(v.label(), new ArrayList<>()));
        for (Variant variant : variants) {
            run(java, environment, variant, "warmup-" + variant.label());
        }
        for (int i = 0; i < runs; i++) {
            List<Variant> order = i % 2 == 0 ? variants : variants.reversed();
            for (Variant variant : order) {
                Sample sample = run(java, environment, variant, variant.label() + "-" + i);
                samples.get(variant.label()).add(sample);
                System.out.printf(Locale.ROOT, "run %2d %-11s %6.0f ms (init %4.0f ms, first request %4.0f ms; cpu %5.0f ms)%n",
                        i + 1, variant.label(), sample.wallMicros() / 1e3, sample.initMicros() / 1e3,
                        sample.firstRequestMicros() / 1e3, sample.cpuMicros() / 1e3);
            }
        }
        report(samples, runs, templateOptions);
    }

    private static Sample run(String java, Map<String, String> environment, Variant variant, String id)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(RUNTIME_OPTIONS);
        command.addAll(List.of("-cp", variant.classPath(), FirstRequest.class.getName(), variant.handler(), id));
        if (variant.primed()) {
            command.add("primed");
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        if (!variant.javaToolOptions().isBlank()) {
            // As Lambda passes a function's JVM options: the JVM reads them from its environment.
            builder.environment().put("JAVA_TOOL_OPTIONS", variant.javaToolOptions());
        }

        long started = System.nanoTime();
        Process process = builder.start();
        List<String> output = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith(FirstRequest.MARKER)) {
                    long wall = (System.nanoTime() - started) / 1_000;
                    String[] fields = line.split(" ");
                    if (!fields[1].equals("201")) {
                        throw new IllegalStateException(variant.label() + " answered " + fields[1] + ", not 201:\n" + String.join("\n", output));
                    }
                    process.waitFor(30, TimeUnit.SECONDS);
                    return new Sample(wall, Long.parseLong(fields[2]), Long.parseLong(fields[3]), Long.parseLong(fields[4]));
                }
                output.add(line);
            }
        }
        process.waitFor(30, TimeUnit.SECONDS);
        throw new IllegalStateException(variant.label() + " exited " + process.exitValue() + " without a response:\n"
                + String.join("\n", output));
    }

    private static void report(Map<String, List<Sample>> samples, int runs, String templateOptions) {
        System.out.println();
        System.out.printf(Locale.ROOT, "cold start, JVM start -> first response, %d runs each (ms); every JVM as the java21 runtime starts it"
                + " (%s), ours with the template's JAVA_TOOL_OPTIONS: %s%n",
                runs, String.join(" ", RUNTIME_OPTIONS), templateOptions.isBlank() ? "(none)" : templateOptions);
        System.out.printf(Locale.ROOT, "%-11s %8s %8s %8s %8s   %-28s %s%n", "", "median", "p90", "min", "max",
                "median init / first request", "CPU median / p90");
        Map<String, Double> wall = new LinkedHashMap<>();
        Map<String, Double> cpu = new LinkedHashMap<>();
        Map<String, Double> first = new LinkedHashMap<>();
        samples.forEach((label, list) -> {
            long[] w = sorted(list, Sample::wallMicros);
            long[] i = sorted(list, Sample::initMicros);
            long[] f = sorted(list, Sample::firstRequestMicros);
            long[] c = sorted(list, Sample::cpuMicros);
            wall.put(label, median(w));
            cpu.put(label, median(c));
            first.put(label, median(f));
            System.out.printf(Locale.ROOT, "%-11s %8.0f %8.0f %8.0f %8.0f   %-28s %.0f / %.0f%n", label, median(w) / 1e3,
                    percentile(w, 90) / 1e3, w[0] / 1e3, w[w.length - 1] / 1e3,
                    String.format(Locale.ROOT, "%.0f / %.0f", median(i) / 1e3, median(f) / 1e3),
                    median(c) / 1e3, percentile(c, 90) / 1e3);
        });
        System.out.printf(Locale.ROOT, "ours/baseline, as each is deployed:       wall %.2f, CPU %.2f%n",
                wall.get("ours") / wall.get("baseline"), cpu.get("ours") / cpu.get("baseline"));
        System.out.printf(Locale.ROOT, "first request after SnapStart priming:    %.0f ms against %.0f ms unprimed (%.2f)%n",
                first.get("ours-primed") / 1e3, first.get("ours") / 1e3, first.get("ours-primed") / first.get("ours"));
    }

    private static long[] sorted(List<Sample> samples, java.util.function.ToLongFunction<Sample> metric) {
        return samples.stream().mapToLong(metric).sorted().toArray();
    }

    private static double median(long[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    /** Nearest-rank percentile. */
    private static double percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static void createTable(URI endpoint) {
        try (DynamoDbClient client = DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDBENCH", "bench-secret")))
                .build()) {
            client.createTable(b -> b.tableName(TABLE)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
        } catch (ResourceInUseException e) {
            // Left by an earlier run against the same server; the ids of this run are new.
        }
    }
}
