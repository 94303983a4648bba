package dev.userapi.pipeline.auth;

import dev.userapi.pipeline.config.Target;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The deployer role of one target, assumed and verified.
 *
 * @param credentials auto-refreshing: renews the session before it expires, for deploys longer than the session
 * @param arn the assumed-role ARN GetCallerIdentity returned ({@code arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION})
 * @param account the account GetCallerIdentity returned; equal to {@code target.account()}
 */
public record AssumedRole(Target target, AwsCredentialsProvider credentials, String arn, String account) {
}
