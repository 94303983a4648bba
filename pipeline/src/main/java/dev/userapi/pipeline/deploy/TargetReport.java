package dev.userapi.pipeline.deploy;

import dev.userapi.pipeline.changeset.Change;
import java.util.List;
import java.util.Map;

/**
 * One target in a command's machine-readable result.
 *
 * @param details the command's findings for this target, one line each, as text mode prints them to stdout
 *                (a diff, the drifted resources, what a delete keeps)
 * @param data    the same findings as structured values for {@code --output json}; null when there are none
 * @param result SUCCEEDED, FAILED, NO_CHANGES, REFUSED, PLANNED or NOT_EXECUTED (another target stopped the rollout first)
 */
public record TargetReport(String label, String account, String region, String stackName, String result, String reason,
                           String changeSetName, String changeSetId, String changeSetType, List<Change> changes,
                           String stackStatus, Map<String, String> outputs, String recordKey, String recordFile,
                           Map<String, Long> phaseMillis, List<String> details, Object data) {
    public TargetReport {
        details = details == null ? List.of() : List.copyOf(details);
        changes = changes == null ? List.of() : List.copyOf(changes);
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
        phaseMillis = phaseMillis == null ? Map.of() : Map.copyOf(phaseMillis);
    }
}
