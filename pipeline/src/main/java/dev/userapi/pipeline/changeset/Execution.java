package dev.userapi.pipeline.changeset;

import java.util.Map;

/**
 * How an executed change set ended, as far as the deploy saw.
 *
 * @param changeSet   the change set that ran (for a recreated stack, the new CREATE change set)
 * @param finalStatus the terminal stack status; when {@code known} is false, the last status seen (or null)
 * @param rootCause   the first failed event's reason when the operation failed; why sight was lost when
 *                    the result is unknown; else null
 * @param known       false when the deploy lost sight of the stack before a terminal status: the change
 *                    goes on in CloudFormation and neither success nor failure may be claimed
 * @param interrupted the watch ended because the user interrupted it (Ctrl-C); implies not known
 */
public record Execution(Prepared.Ready changeSet, String finalStatus, boolean succeeded, String rootCause,
                        Map<String, String> outputs, int events, boolean known, boolean interrupted) {
    public Execution {
        outputs = Map.copyOf(outputs);
    }

    public Execution(Prepared.Ready changeSet, String finalStatus, boolean succeeded, String rootCause, Map<String, String> outputs, int events) {
        this(changeSet, finalStatus, succeeded, rootCause, outputs, events, true, false);
    }

    static Execution unknown(Prepared.Ready changeSet, String lastStatus, String why, int events) {
        return new Execution(changeSet, lastStatus, false, why, Map.of(), events, false, false);
    }

    static Execution interrupted(Prepared.Ready changeSet, String lastStatus, String why, int events) {
        return new Execution(changeSet, lastStatus, false, why, Map.of(), events, false, true);
    }
}
