package dev.userapi.pipeline.config;

import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Not a test: what checking accounts.yaml costs as environments chained by {@code after:} grow from
 * 1,000 to 8,000, beside composing the same YAML alone (the baseline every check pays), measured in
 * one run so the ratios hold on whatever machine runs it. Each file is checked twice: a chain, listed
 * last environment first (the order that made the earlier check and ordering quadratic or worse), and
 * the same chain closed into one cycle. Run it with {@code bench/accounts-bench.sh}.
 *
 * <p>Linear means: doubling the environments about doubles the time, and the ratio to composing the
 * YAML stays flat.
 */
public final class AccountsBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Path FILE = Path.of("accounts.yaml");

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        int[] sizes = {1_000, 2_000, 4_000, 8_000};
        // The first check in this JVM, as a CLI run pays it (class loading, no JIT yet), on the largest file.
        String warm = chain(sizes[sizes.length - 1], false);
        long coldWall = System.nanoTime();
        long coldCpu = cpu(() -> check(warm));
        coldWall = System.nanoTime() - coldWall;
        // Warm-up on the largest file, so the first size measured is not paying for JIT compilation.
        for (int i = 0; i < 3; i++) {
            check(warm);
            compose(warm);
        }
        System.out.printf("%nfirst check in this JVM, %d chained environments: %.0f ms wall, %.0f ms CPU%n",
                sizes[sizes.length - 1], coldWall / 1e6, coldCpu / 1e6);
        System.out.printf("%naccounts.yaml with N environments chained by after: (median of %d runs, CPU ms of this thread)%n%n", runs);
        String format = "%-7s %6s %11s %11s %13s %9s %12s%n";
        System.out.printf(format, "shape", "N", "compose ms", "check ms", "check/compose", "order ms", "check vs N/2");
        for (boolean cycle : new boolean[] {false, true}) {
            double previous = Double.NaN;
            for (int n : sizes) {
                String text = chain(n, cycle);
                List<Long> composeRuns = new ArrayList<>();
                List<Long> checkRuns = new ArrayList<>();
                List<Long> orderRuns = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    composeRuns.add(cpu(() -> compose(text)));
                    checkRuns.add(cpu(() -> check(text)));
                    if (!cycle) {
                        AccountsConfig config = AccountsConfigLoader.parse(FILE, text, Map.of());
                        orderRuns.add(cpu(config::promotionOrder));
                    }
                }
                double composeMs = median(composeRuns);
                double checkMs = median(checkRuns);
                System.out.printf(format, cycle ? "cycle" : "chain", n, fmt(composeMs), fmt(checkMs),
                        String.format("%.2f", checkMs / composeMs), cycle ? "-" : fmt(median(orderRuns)),
                        Double.isNaN(previous) ? "-" : String.format("%.2fx", checkMs / previous));
                previous = checkMs;
            }
        }
    }

    /** N environments, each after the previous one, listed last first; with {@code cycle} e0 comes after the last. */
    static String chain(int n, boolean cycle) {
        StringBuilder yaml = new StringBuilder("app: user-api\ntooling: { account: \"111111111111\", region: eu-west-1 }\nenvironments:\n");
        for (int i = n - 1; i >= 0; i--) {
            yaml.append("  e").append(i).append(": { account: \"").append(100_000_000_000L + i).append("\", region: eu-west-1");
            if (i > 0) {
                yaml.append(", after: e").append(i - 1);
            } else if (cycle) {
                yaml.append(", after: e").append(n - 1);
            }
            yaml.append(" }\n");
        }
        return yaml.toString();
    }

    private static void check(String text) {
        try {
            AccountsConfigLoader.parse(FILE, text, Map.of());
        } catch (ConfigException expectedForTheCycle) {
            if (!expectedForTheCycle.getMessage().contains("cycle")) {
                throw expectedForTheCycle;
            }
        }
    }

    private static void compose(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(AccountsConfigLoader.MAX_BYTES);
        new Yaml(options).compose(new StringReader(text));
    }

    private static long cpu(Runnable r) {
        long start = THREADS.getCurrentThreadCpuTime();
        r.run();
        return THREADS.getCurrentThreadCpuTime() - start;
    }

    private static double median(List<Long> nanos) {
        List<Long> sorted = nanos.stream().sorted().toList();
        return sorted.get(sorted.size() / 2) / 1e6;
    }

    private static String fmt(double ms) {
        return String.format("%.1f", ms);
    }
}
