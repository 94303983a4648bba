package dev.userapi.pipeline.config;

import java.net.URI;

/**
 * One place an environment is deployed to: an account and region, with the fully resolved names of
 * everything the deploy touches there (defaults already applied, role names expanded to ARNs).
 *
 * @param endpoint nullable: the AWS-compatible endpoint (LocalStack, ...) every client of this target uses
 */
public record Target(String environment, String account, String region, String stackName,
                     String deployerRoleArn, String executionRoleArn, String artifactBucket,
                     URI endpoint) {

    /** {@code dev 222222222222/eu-west-1}: how progress lines and errors name a target. */
    public String label() {
        return environment + " " + account + "/" + region;
    }
}
