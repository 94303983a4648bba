package dev.userapi.pipeline.config;

/**
 * The GitHub repository whose workflows may assume the CI role. The numeric ids make the OIDC
 * subject immutable ({@code repo:OWNER@ID/REPO@ID:...}): a renamed or re-created repository with the
 * same name does not inherit the trust.
 */
public record GitHub(String owner, String repo, String ownerId, String repoId) {
}
