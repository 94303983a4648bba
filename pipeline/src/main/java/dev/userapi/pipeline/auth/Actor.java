package dev.userapi.pipeline.auth;

import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Who deploys what, as STS and CloudTrail will record it.
 *
 * <p>{@code SourceIdentity} is the person (or the GitHub actor): it is set once and persists through
 * role chaining, so every CloudTrail event of the deploy, including those of later chained roles,
 * names the human behind it. {@code RoleSessionName} appears in the assumed-role ARN and so in every
 * event too; it says who and which commit. Session tags carry the environment and the git sha; they
 * are not transitive: the deployer session assumes no further roles (CloudFormation uses the
 * execution role through {@code iam:PassRole}, which does not carry session tags), and the source
 * identity already travels along any chain.
 *
 * @param sourceIdentity 2-64 of {@code [\w+=,.@-]}
 * @param sessionName the RoleSessionName, 2-64 of {@code [\w+=,.@-]}
 * @param gitSha the commit being deployed, as given (or {@code unknown})
 * @param sessionTags STS session tags ({@code env}, {@code git-sha}), keys and values within STS's limits
 */
public record Actor(String sourceIdentity, String sessionName, String gitSha, Map<String, String> sessionTags) {
    /** STS's pattern for RoleSessionName and SourceIdentity; {@code \w} is ASCII here, as in STS. */
    static final Pattern STS_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
    /** Session tag keys: 1-128, values: 0-256, of letters, spaces, digits and {@code _.:/=+-@}. */
    static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");
    static final Pattern TAG_VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{0,256}");
    private static final int MAX = 64;

    public Actor {
        if (!STS_NAME.matcher(sourceIdentity).matches() || sourceIdentity.toLowerCase(Locale.ROOT).startsWith("aws:")) {
            throw new IllegalArgumentException("SourceIdentity must be 2-64 of [\\w+=,.@-] and not start with aws:");
        }
        if (!STS_NAME.matcher(sessionName).matches()) {
            throw new IllegalArgumentException("RoleSessionName must be 2-64 of [\\w+=,.@-]");
        }
        sessionTags.forEach((k, v) -> {
            if (!TAG_KEY.matcher(k).matches() || !TAG_VALUE.matcher(v).matches() || k.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                throw new IllegalArgumentException("session tag " + k + " is outside STS's tag limits");
            }
        });
        sessionTags = Map.copyOf(sessionTags);
    }

    /**
     * Works out who is deploying.
     *
     * <ul>
     *   <li>source identity: {@code sourceIdentityOverride} (--source-identity); else {@code GITHUB_ACTOR}
     *       when {@code GITHUB_ACTIONS=true}; else the OS user ({@code USER}, {@code USERNAME}, then
     *       the JVM's {@code user.name})</li>
     *   <li>session name: {@code gh-ACTOR-RUNID-SHA7} in GitHub Actions, {@code USER-SHA7} elsewhere</li>
     * </ul>
     * Everything is reduced to STS's character set and length, keeping as much as possible readable.
     *
     * @param env the process environment (a map, so tests need not set real variables)
     * @param gitSha the commit; null or blank when unknown
     */
    public static Actor detect(Map<String, String> env, String sourceIdentityOverride, String gitSha, String environmentName) {
        boolean ci = "true".equalsIgnoreCase(env.get("GITHUB_ACTIONS"));
        String who;
        if (sourceIdentityOverride != null && !sourceIdentityOverride.isBlank()) {
            who = sourceIdentityOverride;
        } else if (ci && notBlank(env.get("GITHUB_ACTOR"))) {
            who = env.get("GITHUB_ACTOR");
        } else if (notBlank(env.get("USER"))) {
            who = env.get("USER");
        } else if (notBlank(env.get("USERNAME"))) {
            who = env.get("USERNAME");
        } else {
            who = System.getProperty("user.name", "unknown");
        }
        String sourceIdentity = stsName(who, "unknown");

        String sha = notBlank(gitSha) ? gitSha.strip() : "unknown";
        String sha7 = stsName(sha.length() > 7 ? sha.substring(0, 7) : sha, "unknown");
        String suffix;
        String prefix;
        if (ci) {
            String run = env.getOrDefault("GITHUB_RUN_ID", "");
            prefix = "gh-";
            suffix = (notBlank(run) ? "-" + stsName(run, "run") : "") + "-" + sha7;
        } else {
            prefix = "";
            suffix = "-" + sha7;
        }
        // Shorten the actor, never the run id or the sha: those are what tell two sessions apart.
        int room = MAX - prefix.length() - suffix.length();
        String actorPart = sourceIdentity.length() > room ? sourceIdentity.substring(0, room) : sourceIdentity;
        String sessionName = stsName(prefix + actorPart + suffix, "pipeline-" + sha7);

        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("env", tagValue(environmentName));
        tags.put("git-sha", tagValue(sha));
        return new Actor(sourceIdentity, sessionName, sha, tags);
    }

    /**
     * {@code value} in STS's name charset: accents dropped ({@code José} → {@code Jose}), anything
     * else outside {@code [\w+=,.@-]} turned into {@code -}, runs of {@code -} collapsed, at most 64
     * characters; a single character gets a {@code _} (STS wants two); {@code fallback} when nothing
     * remains. No {@code :} survives, so the reserved {@code aws:} prefix cannot appear.
     */
    static String stsName(String value, String fallback) {
        String ascii = Normalizer.normalize(value == null ? "" : value, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        String s = ascii.replaceAll("[^\\w+=,.@-]", "-").replaceAll("-{2,}", "-").replaceAll("^-+|-+$", "");
        if (s.length() > MAX) {
            s = s.substring(0, MAX);
        }
        if (s.length() == 1) {
            return s + "_";
        }
        return s.isEmpty() ? fallback : s;
    }

    private static String tagValue(String value) {
        String s = value == null ? "" : value.replaceAll("[^\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]", "-");
        return s.length() > 256 ? s.substring(0, 256) : s;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
