package dev.userapi.pipeline.changeset;

import java.util.Map;

/**
 * How an executed change set ended.
 *
 * @param changeSet   the change set that ran (for a recreated stack, the new CREATE change set)
 * @param finalStatus the terminal stack status
 * @param rootCause   the first failed event's reason when the operation failed, else null
 */
public record Execution(Prepared.Ready changeSet, String finalStatus, boolean succeeded, String rootCause,
                        Map<String, String> outputs, int events) {
    public Execution {
        outputs = Map.copyOf(outputs);
    }
}
