package dev.userapi.pipeline.deploy;

import dev.userapi.pipeline.changeset.DeployException;
import dev.userapi.pipeline.changeset.DriftDetection;
import dev.userapi.pipeline.changeset.StackSnapshot;
import dev.userapi.pipeline.changeset.Poller;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * Before a change: a stack whose resources were changed outside CloudFormation is about to have those
 * changes overwritten (or to fail on them). Without {@code --require-no-drift}, a warning from the
 * stack's last drift check, which costs no detection; with it, a detection now, and a refusal when
 * anything drifted.
 */
final class DriftCheck {
    /** How long a detection may take: minutes for stacks of a few dozen resources. */
    static final Duration DETECTION_TIMEOUT = Duration.ofMinutes(10);

    private final Services services;

    DriftCheck(Services services) {
        this.services = services;
    }

    /** @param stack the stack as DescribeStacks just gave it (its DriftInformation); null when there is none */
    void beforeChange(TargetRun run, StackSnapshot stack, boolean require) {
        if (stack == null || stack.driftStatus() == null) {
            return;
        }
        if (require) {
            DriftDetection detection = new DriftDetection(run.cloudFormation(),
                    new Poller(services.pollSchedule(), services.sleeper(), services.clock()), DETECTION_TIMEOUT);
            DriftDetection.Result r = run.timed("drift", () -> detection.detect(run.stackName));
            if (r.isDrifted()) {
                throw DeployException.refused("stack " + run.stackName + " has drifted: " + r.drifted().stream()
                        .map(d -> d.logicalId() + " " + d.status()).collect(Collectors.joining(", "))
                        + ". --require-no-drift refuses to change it; see 'pipeline drift --env " + run.environment
                        + "', put the changes back or into the template, then deploy again.");
            }
            run.out.info("drift: none (checked now)");
            return;
        }
        if ("DRIFTED".equals(stack.driftStatus())) {
            run.out.warn("stack " + run.stackName + " had drifted when last checked (" + stack.driftCheckedAt() + "): changes made outside"
                    + " CloudFormation may be overwritten. 'pipeline drift --env " + run.environment + "' shows them;"
                    + " --require-no-drift refuses a drifted stack.");
        }
    }
}
