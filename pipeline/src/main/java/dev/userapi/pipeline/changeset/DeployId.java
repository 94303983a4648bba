package dev.userapi.pipeline.changeset;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The names one deploy leaves in CloudFormation, all derived from the git sha, the actor and the start
 * time, so the console, CloudTrail and the deploy record point at each other.
 *
 * <p>Change set names and client tokens must match {@code [a-zA-Z][-a-zA-Z0-9]*} and fit in 128
 * characters; descriptions in 1024.
 */
public record DeployId(String gitSha, String actor, Instant startedAt) {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FILE_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** Seven hex digits of the sha, or "nogit" when the sha is unknown. */
    public String shortSha() {
        String clean = gitSha == null ? "" : gitSha.toLowerCase(Locale.ROOT).replaceAll("[^0-9a-f]", "");
        return clean.length() >= 7 ? clean.substring(0, 7) : "nogit";
    }

    /** {@code deploy-<sha7>-<yyyyMMddHHmmssSSS>}: milliseconds, so two quick deploys of one sha never share a name. */
    public String changeSetName() {
        return prefixed("deploy");
    }

    /** The CreateChangeSet ClientToken: a retried request must not create a second change set. */
    public String changeSetClientToken() {
        return prefixed("cs");
    }

    /** The ExecuteChangeSet ClientRequestToken; every stack event of the execution carries it. */
    public String executeToken() {
        return prefixed("exec");
    }

    /** The DeleteStack ClientRequestToken when a ROLLBACK_COMPLETE stack is cleared away. */
    public String deleteToken() {
        return prefixed("delete");
    }

    /** {@code 20260101T120000Z}, safe in file names and S3 keys. */
    public String fileStamp() {
        return FILE_STAMP.format(startedAt);
    }

    public String description(String app, String environment) {
        String d = app + " " + environment + " at git " + (gitSha == null || gitSha.isBlank() ? "unknown" : gitSha)
                + " by " + actor + ", " + fileStamp() + " (pipeline deploy)";
        return d.length() <= 1024 ? d : d.substring(0, 1024);
    }

    private String prefixed(String prefix) {
        String name = prefix + "-" + shortSha() + "-" + STAMP.format(startedAt);
        // Only [-a-zA-Z0-9] survive; the prefix guarantees the leading letter.
        name = name.replaceAll("[^-a-zA-Z0-9]", "-");
        return name.length() <= 128 ? name : name.substring(0, 128);
    }
}
