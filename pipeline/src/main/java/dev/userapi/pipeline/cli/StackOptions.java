package dev.userapi.pipeline.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Flags deploy, plan, status and bootstrap share. */
final class StackOptions {
    @Option(names = "--profile", paramLabel = "PROFILE",
            description = "AWS profile for the base credentials (SSO included); default: the SDK's default chain.")
    String profile;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Environments, accounts and roles (default: accounts.yaml in the project root, the nearest directory up"
                    + " from here with accounts.yaml, cloudformation/ or .git).")
    Path config;

    @Option(names = "--source-identity", paramLabel = "NAME",
            description = "Who deploys, as STS SourceIdentity and in CloudTrail; default: GITHUB_ACTOR in GitHub Actions, else the OS user.")
    String sourceIdentity;

    @Option(names = "--mfa-serial", paramLabel = "ARN", description = "MFA device of your IAM user: one GetSessionToken session with its code signs every AssumeRole of the run.")
    String mfaSerial;

    @Option(names = "--mfa-code", paramLabel = "CODE", description = "The current MFA code; asked for on the terminal when omitted.")
    String mfaCode;

    @Option(names = {"-o", "--output"}, paramLabel = "text|json", defaultValue = "text",
            description = "text (default), or json: the result as one JSON document on stdout, progress on stderr.")
    CommandSupport.Output output;

    @Option(names = "--summary", paramLabel = "FILE",
            description = "Append a Markdown summary (changes, outputs, record) to FILE; default: $GITHUB_STEP_SUMMARY when set.")
    Path summary;
}
