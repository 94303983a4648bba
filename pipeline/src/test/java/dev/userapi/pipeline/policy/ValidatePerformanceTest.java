package dev.userapi.pipeline.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code pipeline validate} runs before every deploy and in every pull request, so it must stay
 * far below a second of work once the JVM is up. The first run pays for class loading and the IAM
 * action table (fully so when this class runs alone, as in {@code -Dtest=ValidatePerformanceTest});
 * later runs show the steady cost. CPU time of the validating
 * thread is the figure asserted: wall time on a shared build machine measures the neighbours.
 */
class ValidatePerformanceTest {
    private static final long FIRST_RUN_CPU_CEILING_MS = 1_000;
    private static final long STEADY_RUN_CPU_CEILING_MS = 50;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    @Test
    void validatingAllOfCloudformationTakesWellUnderASecond() {
        List<Path> files = TemplateFiles.select(List.of(ProjectFiles.root().resolve("cloudformation"))).files();
        long wall = System.nanoTime();
        long cpu = threads.getCurrentThreadCpuTime();
        ValidationResult first = TemplateValidator.standard().validate(files);
        long firstCpuMs = (threads.getCurrentThreadCpuTime() - cpu) / 1_000_000;
        long firstWallMs = (System.nanoTime() - wall) / 1_000_000;
        assertEquals(List.of(), first.findings());

        long[] cpuUs = new long[50];
        long[] wallUs = new long[cpuUs.length];
        for (int i = 0; i < cpuUs.length; i++) {
            wall = System.nanoTime();
            cpu = threads.getCurrentThreadCpuTime();
            TemplateValidator.standard().validate(files);
            cpuUs[i] = (threads.getCurrentThreadCpuTime() - cpu) / 1_000;
            wallUs[i] = (System.nanoTime() - wall) / 1_000;
        }
        Arrays.sort(cpuUs);
        Arrays.sort(wallUs);
        System.out.printf("pipeline validate, %d templates: first run %d ms CPU (%d ms wall; class loading and the IAM "
                        + "action table), then median %.1f ms CPU (%.1f ms wall) over %d runs%n",
                files.size(), firstCpuMs, firstWallMs, cpuUs[cpuUs.length / 2] / 1000.0, wallUs[wallUs.length / 2] / 1000.0, cpuUs.length);
        assertTrue(firstCpuMs < FIRST_RUN_CPU_CEILING_MS, "first run took " + firstCpuMs + " ms of CPU");
        assertTrue(cpuUs[cpuUs.length / 2] / 1000 < STEADY_RUN_CPU_CEILING_MS, "median run took " + cpuUs[cpuUs.length / 2] + " µs of CPU");
    }
}
