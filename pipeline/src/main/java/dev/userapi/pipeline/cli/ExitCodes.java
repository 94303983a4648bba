package dev.userapi.pipeline.cli;

import dev.userapi.pipeline.deploy.Outcome;

/**
 * What the pipeline's exit status means, so scripts and CI can tell "fix your input" from "AWS said
 * no" from "a safety check stopped this on purpose". Documented in the README and in every --help.
 */
public final class ExitCodes {
    /** Done, or nothing to do (an empty change set is success). */
    public static final int OK = 0;
    /** {@code validate} found problems, or {@code local} could not keep serving. */
    public static final int FINDINGS = 1;
    /** Bad input: flags, accounts.yaml, a template, a plan file. Nothing was called on AWS. */
    public static final int BAD_INPUT = 2;
    /** Refused by a safety check: wrong account, stateful replacement, protected env, stale plan, busy stack. */
    public static final int REFUSED = 3;
    /** AWS said no or the deployment failed (credentials, AssumeRole, a failed change set or rollback). */
    public static final int AWS_FAILURE = 4;
    /**
     * Executing; result unknown: a change set was executed and the deploy lost sight of the stack
     * (throttling past the retries, the network, expired credentials) before CloudFormation's terminal
     * status. The change goes on in CloudFormation; {@code pipeline status --env E} settles it.
     */
    public static final int UNKNOWN = 5;
    /** {@code diff}: the deployed stack differs from the local template or parameters (a CI gate fails on it). */
    public static final int DIFFERENT = 6;
    /** {@code drift}: a resource was changed outside CloudFormation. */
    public static final int DRIFTED = 7;
    /** A bug in pipeline (sysexits' EX_SOFTWARE): neither the input's fault nor AWS's. */
    public static final int INTERNAL_ERROR = 70;
    /** Interrupted (Ctrl-C), by the shell's convention 128 + SIGINT. */
    public static final int INTERRUPTED = 130;

    /** The failures every command over an environment shares. */
    private static final String ERRORS = """
              2    bad input (flags, accounts.yaml, template, plan file); nothing touched
              3    refused by a safety check: wrong account, stateful replacement,
                   protected environment, stale plan, busy stack
              4    AWS failure (credentials, AssumeRole, failed change set or deployment)
              5    executing; result unknown: the change set was executed, then sight of the
                   stack was lost (throttling, network, expired credentials); CloudFormation
                   carries on, and 'pipeline status --env ENV' tells and records how it ended
            """;

    private static final String LAST = """
              70   internal error: a bug in pipeline; the message asks for a report
              130  interrupted (Ctrl-C): a change set not yet executed is deleted; one
                   already executing goes on in CloudFormation ('pipeline status' follows it)
            """;

    public static final String HELP_SECTION = """
            Exit codes:
              0    success, or nothing to do
              1    validate found problems / local server failed""" + "\n" + ERRORS + """
              6    diff: the deployed stack differs from the local template or parameters
              7    drift: a resource was changed outside CloudFormation
            """ + LAST;

    /** {@code diff}'s: 6 when the stack differs, so a CI step can gate on it. */
    public static final String DIFF_HELP_SECTION = """
            Exit codes:
              0    the deployed template and parameters are the local ones
              6    they differ (the diff is on stdout)""" + "\n" + ERRORS + LAST;

    /** {@code drift}'s: 7 when a resource drifted. */
    public static final String DRIFT_HELP_SECTION = """
            Exit codes:
              0    every resource matches the template
              7    a resource was changed outside CloudFormation (listed on stdout)""" + "\n" + ERRORS + LAST;


    /** {@code local}'s own: it never calls AWS, and Ctrl-C is how it normally ends. */
    public static final String LOCAL_HELP_SECTION = """
            Exit codes:
              1    the port is in use, or the DynamoDB engine failed
              2    bad input (flag, template, artifact, handler, no Node.js 20+); nothing started
              130  stopped with Ctrl-C
            """;

    private ExitCodes() {
    }

    /** The one mapping from how a command ended to the process's exit status. */
    public static int of(Outcome outcome) {
        return switch (outcome) {
            case SUCCEEDED, NO_CHANGES, PLANNED, NO_DIFFERENCES, IN_SYNC -> OK;
            case DIFFERENT -> DIFFERENT;
            case DRIFTED -> DRIFTED;
            case BAD_INPUT -> BAD_INPUT;
            case REFUSED -> REFUSED;
            case FAILED -> AWS_FAILURE;
            case UNKNOWN -> UNKNOWN;
            case INTERRUPTED -> INTERRUPTED;
            case INTERNAL_ERROR -> INTERNAL_ERROR;
        };
    }
}
