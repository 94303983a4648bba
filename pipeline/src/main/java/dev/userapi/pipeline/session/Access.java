package dev.userapi.pipeline.session;

import dev.userapi.pipeline.auth.Actor;
import dev.userapi.pipeline.auth.Mfa;
import dev.userapi.pipeline.auth.MfaSession;
import dev.userapi.pipeline.auth.RoleAssumer;
import dev.userapi.pipeline.aws.AwsClients;
import dev.userapi.pipeline.config.Target;
import dev.userapi.pipeline.progress.Printer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The credentials a command starts from and the way from them into each target: AssumeRole into the
 * target's deployer role with the actor's session name and source identity, then the account check.
 * One per command run.
 */
public final class Access {
    private final AwsClients aws;
    private final RoleAssumer assumer;

    private Access(AwsClients aws, RoleAssumer assumer) {
        this.aws = aws;
        this.assumer = assumer;
    }

    /**
     * With MFA, one session from GetSessionToken (made now, so a refused code is reported before any
     * target starts) signs every AssumeRole of the command: STS accepts a code once, and a session made
     * with it satisfies {@code aws:MultiFactorAuthPresent} for every target and every renewal.
     *
     * @param profile nullable: the SDK's default chain
     * @param mfa     nullable: no MFA
     * @param first   the target whose region and endpoint serve GetSessionToken
     * @throws software.amazon.awssdk.core.exception.SdkException when there are no base credentials or STS refuses the code
     */
    public static Access of(AwsClients aws, String profile, Mfa mfa, Target first, Printer out) {
        AwsCredentialsProvider base = aws.baseCredentials(profile);
        if (mfa == null) {
            return new Access(aws, new RoleAssumer(aws, base, profile));
        }
        MfaSession session = new MfaSession(aws, base, mfa, first.region(), first.endpoint(), profile);
        session.resolveCredentials();
        out.info("MFA: one GetSessionToken session (" + mfa.serialNumber() + ") serves every target and renewal of this run");
        return new Access(aws, new RoleAssumer(aws, session, profile));
    }

    /**
     * Into {@code target}: its deployer role, assumed as {@code actor}, in the account accounts.yaml names.
     *
     * @throws dev.userapi.pipeline.auth.AuthException which role, which caller and what to fix; kind
     *                                                 {@code WRONG_ACCOUNT} when the credentials are another account's
     */
    public TargetSession open(Target target, Actor actor) {
        return new TargetSession(aws, target, assumer.assume(target, actor, null));
    }
}
