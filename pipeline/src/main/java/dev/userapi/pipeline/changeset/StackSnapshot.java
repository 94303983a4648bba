package dev.userapi.pipeline.changeset;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/** What DescribeStacks said about a stack at one moment. */
public record StackSnapshot(String stackId, String stackName, String status, String statusReason,
                            Instant creationTime, Instant lastUpdatedTime, boolean terminationProtection,
                            Map<String, String> outputs) {

    public StackSnapshot {
        outputs = Map.copyOf(outputs);
    }

    public static StackSnapshot of(Stack s) {
        Map<String, String> outputs = new LinkedHashMap<>();
        for (Output o : s.outputs()) {
            outputs.put(o.outputKey(), o.outputValue() == null ? "" : o.outputValue());
        }
        return new StackSnapshot(s.stackId(), s.stackName(), s.stackStatusAsString(), s.stackStatusReason(),
                s.creationTime(), s.lastUpdatedTime(), Boolean.TRUE.equals(s.enableTerminationProtection()), outputs);
    }

    public StackStatus stackStatus() {
        return StackStatus.fromValue(status);
    }

    /** When the stack last changed: LastUpdatedTime, or CreationTime for a stack never updated. */
    public Instant changedAt() {
        return lastUpdatedTime != null ? lastUpdatedTime : creationTime;
    }

    /** Outputs in a stable order, for printing. */
    public Map<String, String> sortedOutputs() {
        return new TreeMap<>(outputs);
    }
}
