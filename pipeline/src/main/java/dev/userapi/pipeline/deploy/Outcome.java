package dev.userapi.pipeline.deploy;

import dev.userapi.pipeline.changeset.DeployException;
import java.util.Collection;

/**
 * How a command over an environment ended, as a value: the use cases return it and only the command
 * line turns it into an exit code. When targets end differently the worst decides ({@link #severity}).
 */
public enum Outcome {
    SUCCEEDED(0),
    /** Every change set was empty, or the stack was already in the state asked for. */
    NO_CHANGES(0),
    PLANNED(0),
    /** {@code diff}: the deployed template and parameters are the local ones. */
    NO_DIFFERENCES(0),
    /** {@code drift}: every resource matches its template. */
    IN_SYNC(0),
    /** {@code diff}: the deployed stack differs from the local template or parameters. */
    DIFFERENT(1),
    /** {@code drift}: at least one resource was changed outside CloudFormation. */
    DRIFTED(2),
    /** The input was wrong (flags, accounts.yaml, a template, a plan file); nothing was touched. */
    BAD_INPUT(3),
    /** A safety check refused on purpose. */
    REFUSED(4),
    /** Executed, then sight of the stack was lost before CloudFormation's final status. */
    UNKNOWN(5),
    /** AWS refused, or the operation failed. */
    FAILED(6),
    /** Ctrl-C. */
    INTERRUPTED(7),
    /** Something nobody expected: a bug in pipeline. */
    INTERNAL_ERROR(8);

    private final int severity;

    Outcome(int severity) {
        this.severity = severity;
    }

    /** 0 for the successes; above, the more a person must look at it. */
    public int severity() {
        return severity;
    }

    public boolean ok() {
        return severity == 0;
    }

    /** How a command stopped by a {@link DeployException} of this kind ended. */
    public static Outcome of(DeployException.Kind kind) {
        return switch (kind) {
            case BAD_INPUT -> BAD_INPUT;
            case REFUSED -> REFUSED;
            case AWS_FAILURE -> FAILED;
            case INTERRUPTED -> INTERRUPTED;
            case INTERNAL -> INTERNAL_ERROR;
        };
    }

    /** The worst of {@code outcomes}, or {@code whenAllOk} when none is worse than a success. */
    public static Outcome worst(Collection<Outcome> outcomes, Outcome whenAllOk) {
        Outcome worst = whenAllOk;
        for (Outcome o : outcomes) {
            if (o.severity > worst.severity) {
                worst = o;
            }
        }
        return worst;
    }
}
