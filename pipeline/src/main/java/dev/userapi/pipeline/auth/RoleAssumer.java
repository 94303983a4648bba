package dev.userapi.pipeline.auth;

import dev.userapi.pipeline.aws.AwsClients;
import dev.userapi.pipeline.config.Target;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** Assumes a target's deployer role and proves the resulting credentials are in the target's account. */
public final class RoleAssumer {
    private final AwsClients clients;
    private final AwsCredentialsProvider base;

    public RoleAssumer(AwsClients clients, AwsCredentialsProvider base) {
        this.clients = clients;
        this.base = base;
    }

    public AssumedRole assume(Target target, Actor actor, Mfa mfa) {
        throw new AuthException(AuthException.Kind.OTHER, "assuming " + target.deployerRoleArn() + " is not built yet");
    }
}
