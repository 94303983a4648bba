package dev.userapi.pipeline.auth;

import java.util.Map;

/**
 * Who deploys what, as STS and CloudTrail will record it.
 *
 * @param sourceIdentity the person or CI actor; persists through role chaining into CloudTrail
 * @param sessionName the RoleSessionName: who and which commit, visible in the assumed-role ARN
 * @param sessionTags STS session tags ({@code env}, {@code git-sha})
 */
public record Actor(String sourceIdentity, String sessionName, String gitSha, Map<String, String> sessionTags) {

    public Actor {
        sessionTags = Map.copyOf(sessionTags);
    }

    public static Actor detect(Map<String, String> env, String sourceIdentityOverride, String gitSha, String environmentName) {
        String who = sourceIdentityOverride != null ? sourceIdentityOverride : env.getOrDefault("USER", "unknown");
        return new Actor(who, who, gitSha, Map.of("env", environmentName, "git-sha", gitSha));
    }
}
