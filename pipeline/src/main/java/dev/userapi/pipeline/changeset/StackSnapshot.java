package dev.userapi.pipeline.changeset;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/**
 * What DescribeStacks said about a stack at one moment.
 *
 * @param parameters  ParameterKey → ParameterValue as DescribeStacks gives them (a NoEcho value as {@code ****})
 * @param tags        the stack's own tags (Key → Value)
 * @param roleArn     the CloudFormation execution role the stack operates with; null for the caller's credentials
 * @param driftStatus the last drift detection's StackDriftStatus (DRIFTED, IN_SYNC, NOT_CHECKED, UNKNOWN); null when not given
 * @param driftCheckedAt when that detection ran; null when never
 */
public record StackSnapshot(String stackId, String stackName, String status, String statusReason,
                            Instant creationTime, Instant lastUpdatedTime, boolean terminationProtection,
                            Map<String, String> outputs, Map<String, String> parameters, Map<String, String> tags,
                            String roleArn, String driftStatus, Instant driftCheckedAt) {

    public StackSnapshot {
        outputs = Map.copyOf(outputs);
        parameters = Map.copyOf(parameters);
        tags = Map.copyOf(tags);
    }

    /** A snapshot with no parameters, tags, execution role or drift information. */
    public StackSnapshot(String stackId, String stackName, String status, String statusReason, Instant creationTime,
                         Instant lastUpdatedTime, boolean terminationProtection, Map<String, String> outputs) {
        this(stackId, stackName, status, statusReason, creationTime, lastUpdatedTime, terminationProtection, outputs,
                Map.of(), Map.of(), null, null, null);
    }

    public static StackSnapshot of(Stack s) {
        Map<String, String> outputs = new LinkedHashMap<>();
        for (Output o : s.outputs()) {
            outputs.put(o.outputKey(), o.outputValue() == null ? "" : o.outputValue());
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (Parameter p : s.parameters()) {
            parameters.put(p.parameterKey(), p.parameterValue() == null ? "" : p.parameterValue());
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (Tag t : s.tags()) {
            tags.put(t.key(), t.value() == null ? "" : t.value());
        }
        var drift = s.driftInformation();
        return new StackSnapshot(s.stackId(), s.stackName(), s.stackStatusAsString(), s.stackStatusReason(),
                s.creationTime(), s.lastUpdatedTime(), Boolean.TRUE.equals(s.enableTerminationProtection()), outputs,
                parameters, tags, s.roleARN(), drift == null ? null : drift.stackDriftStatusAsString(),
                drift == null ? null : drift.lastCheckTimestamp());
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
