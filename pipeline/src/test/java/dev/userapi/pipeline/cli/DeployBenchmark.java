package dev.userapi.pipeline.cli;

import dev.userapi.pipeline.fake.FakeAwsClients;
import dev.userapi.pipeline.fake.FakeCloudFormation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Not a test: measures AWS calls and wall time of a create, an update and a no-op redeploy, through
 * the real {@code pipeline deploy} command, against the fakes with a fixed latency on every call, for
 * an environment of one target and one of twelve. Run it with {@code bench/deploy-bench.sh}.
 *
 * <p>Page sizes are 100 changes and 100 events. CloudFormation's own work is scaled down ten-fold (a change set takes 300 ms to compute, each
 * resource event 30 ms) and so is the deploy's poll schedule (100 ms first poll, 1 s cap), so the
 * ratio of polling to work stays what it is against AWS while a run takes seconds, not minutes.
 */
public final class DeployBenchmark {
    record Row(String scenario, int targets, int parallelism, long wallMs, int exit, Map<String, Integer> calls) {
        int total() {
            return calls.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    public static void main(String[] args) throws Exception {
        Duration latency = Duration.ofMillis(args.length > 0 ? Long.parseLong(args[0]) : 50);
        // Warm-up: class loading and JIT of the first deploy in a JVM would otherwise count against the baseline.
        run("dev", 1, 4, Duration.ZERO);
        List<Row> rows = new ArrayList<>();
        rows.addAll(run("dev", 1, 4, latency));
        rows.addAll(run("wide", 12, 4, latency));
        rows.addAll(run("wide", 12, 12, latency));
        print(rows, latency);
    }

    static List<Row> run(String env, int targets, int parallelism, Duration latency) throws Exception {
        Path dir = Files.createTempDirectory("deploy-bench");
        Scenario s = new Scenario(dir);
        s.parallelism = parallelism;
        s.pollScale = 0.1;
        // Pages closer to AWS's than the tests' deliberately small ones (which exercise pagination).
        s.aws.everyCloudFormation(cf -> cf.timing(new FakeCloudFormation.Timing(Duration.ofMillis(300), Duration.ofMillis(30), latency))
                .changePageSize(100).eventPageSize(100));
        s.aws.latency(latency);
        List<Row> rows = new ArrayList<>();
        rows.add(measure(s, "create", env, targets, parallelism));
        s.build(2);
        rows.add(measure(s, "update", env, targets, parallelism));
        rows.add(measure(s, "no-op redeploy", env, targets, parallelism));
        return rows;
    }

    static Row measure(Scenario s, String name, String env, int targets, int parallelism) {
        Map<String, Integer> before = counts(s.aws);
        long start = System.nanoTime();
        int exit = s.run("deploy", "--env", env, "--artifact", "functions/target/user-api-functions.jar");
        long wall = (System.nanoTime() - start) / 1_000_000;
        if (exit != 0) {
            throw new IllegalStateException(name + " failed (" + exit + "):\n" + s.output());
        }
        Map<String, Integer> after = counts(s.aws);
        Map<String, Integer> delta = new LinkedHashMap<>();
        after.forEach((k, v) -> {
            int d = v - before.getOrDefault(k, 0);
            if (d > 0) {
                delta.put(k, d);
            }
        });
        return new Row(name, targets, parallelism, wall, exit, delta);
    }

    static Map<String, Integer> counts(FakeAwsClients aws) {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("sts:AssumeRole", aws.sts().calls("AssumeRole"));
        m.put("sts:GetCallerIdentity", aws.sts().calls("GetCallerIdentity"));
        for (String op : List.of("HeadObject", "PutObject", "GetObject")) {
            m.put("s3:" + op, aws.s3().calls(op));
        }
        for (FakeCloudFormation cf : aws.allCloudFormation()) {
            cf.callCounts().forEach((op, n) -> m.merge("cloudformation:" + op, n, Integer::sum));
        }
        return m;
    }

    static void print(List<Row> rows, Duration latency) {
        System.out.printf("%nDeploy benchmark: %d ms latency per AWS call; CloudFormation and polling scaled 1/10%n%n", latency.toMillis());
        System.out.printf("%-15s %7s %8s %9s %10s %7s %7s %13s %12s %13s%n",
                "scenario", "targets", "parallel", "wall ms", "AWS calls", "cfn", "sts+s3", "calls/target", "wall vs 1", "calls vs 1");
        Map<String, Row> baseline = new LinkedHashMap<>();
        for (Row r : rows) {
            if (r.targets() == 1) {
                baseline.put(r.scenario(), r);
            }
        }
        for (Row r : rows) {
            Row b = baseline.get(r.scenario());
            int cfn = r.calls().entrySet().stream().filter(e -> e.getKey().startsWith("cloudformation:")).mapToInt(Map.Entry::getValue).sum();
            System.out.printf("%-15s %7d %8d %9d %10d %7d %7d %13.1f %11.2fx %12.2fx%n",
                    r.scenario(), r.targets(), r.parallelism(), r.wallMs(), r.total(), cfn, r.total() - cfn,
                    r.total() / (double) r.targets(), r.wallMs() / (double) b.wallMs(), r.total() / (double) b.total());
        }
        System.out.println();
        for (Row r : rows) {
            if (r.targets() == 1) {
                System.out.println(r.scenario() + ", 1 target: " + r.calls());
            }
        }
    }

    private DeployBenchmark() {
    }
}
