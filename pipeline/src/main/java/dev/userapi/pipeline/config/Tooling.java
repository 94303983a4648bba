package dev.userapi.pipeline.config;

/**
 * The tooling account: where the CI identity lives (GitHub OIDC provider and the CI role).
 *
 * @param ciRoleArn full ARN; a bare name in accounts.yaml is expanded in the tooling account
 * @param github nullable when the file names no repository (laptop-only setups)
 */
public record Tooling(String account, String region, String ciRoleArn, GitHub github) {
}
