package dev.userapi.pipeline.auth;

import dev.userapi.pipeline.aws.AwsClients;
import dev.userapi.pipeline.config.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * Assumes a target's deployer role and proves the resulting credentials are in the target's account.
 *
 * <p>The credentials it returns renew themselves: the SDK's {@link StsAssumeRoleCredentialsProvider}
 * calls AssumeRole again (same session name, source identity and tags) five minutes before the session
 * ends, on the calling thread, so a deploy that outlives the one-hour session limit of chained roles
 * keeps working. Async refresh is off: a CLI has no use for a background thread that could outlive it.
 */
public final class RoleAssumer {
    /** Chained sessions (base credentials that are themselves a role session, like SSO or CI) are capped at one hour. */
    static final int SESSION_SECONDS = 3600;
    /** Renew this long before expiry; long enough for one slow CloudFormation call to finish on the old session. */
    static final Duration PREFETCH = Duration.ofMinutes(5);
    /** Never hand out credentials closer than this to their expiry. */
    static final Duration STALE = Duration.ofMinutes(1);

    private final AwsClients clients;
    private final AwsCredentialsProvider base;
    private final String profile;

    public RoleAssumer(AwsClients clients, AwsCredentialsProvider base) {
        this(clients, base, null);
    }

    /** @param profile nullable: the --profile in use, so "log in again" advice names it */
    public RoleAssumer(AwsClients clients, AwsCredentialsProvider base, String profile) {
        this.clients = clients;
        this.base = base;
        this.profile = profile;
    }

    /**
     * AssumeRole into the target's deployer role and verify the account with GetCallerIdentity.
     *
     * @param mfa nullable; its code supplier is asked at each AssumeRole, including a renewal after ~55 minutes
     * @throws AuthException saying which role, which caller and what to fix
     */
    public AssumedRole assume(Target target, Actor actor, Mfa mfa) {
        StsClient sts = clients.sts(target.region(), base, target.endpoint());
        Supplier<AssumeRoleRequest> request = () -> request(target, actor, mfa);
        StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(request)
                .asyncCredentialUpdateEnabled(false)
                .prefetchTime(PREFETCH)
                .staleTime(STALE)
                .build();
        try {
            // The provider is lazy; fetch now so a refusal surfaces here, with this method's advice.
            provider.resolveCredentials();
        } catch (SdkException e) {
            provider.close();
            throw explain(target, e, mfa != null);
        }

        GetCallerIdentityResponse identity;
        try (StsClient assumed = clients.sts(target.region(), provider, target.endpoint())) {
            identity = assumed.getCallerIdentity();
        } catch (SdkException e) {
            provider.close();
            throw explain(target, e, mfa != null);
        }
        if (!target.account().equals(identity.account())) {
            provider.close();
            throw new AuthException(AuthException.Kind.WRONG_ACCOUNT, "refusing to deploy " + target.label()
                    + ": assuming " + target.deployerRoleArn() + " gave credentials of account " + identity.account()
                    + " (" + identity.arn() + "), not " + target.account() + ". Check the account of environment '"
                    + target.environment() + "' in accounts.yaml"
                    + (target.endpoint() != null ? " and that endpoint " + target.endpoint() + " is the one you mean" : "")
                    + "; nothing was changed.");
        }
        return new AssumedRole(target, provider, identity.arn(), identity.account());
    }

    AssumeRoleRequest request(Target target, Actor actor, Mfa mfa) {
        List<Tag> tags = new ArrayList<>();
        new TreeMap<>(actor.sessionTags()).forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
        AssumeRoleRequest.Builder b = AssumeRoleRequest.builder()
                .roleArn(target.deployerRoleArn())
                .roleSessionName(actor.sessionName())
                .sourceIdentity(actor.sourceIdentity())
                .tags(tags)
                .durationSeconds(SESSION_SECONDS);
        if (mfa != null) {
            b.serialNumber(mfa.serialNumber()).tokenCode(mfa.tokenCode().get());
        }
        return b.build();
    }

    /**
     * What went wrong getting into {@code target}, for a failure from AssumeRole, GetCallerIdentity,
     * or later from any client using the assumed credentials (a renewal that failed mid-deploy).
     */
    public AuthException explain(Target target, Throwable failure, boolean mfaGiven) {
        String role = target.deployerRoleArn();
        if (failure instanceof AwsServiceException e) {
            String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
                    ? "" : e.awsErrorDetails().errorCode();
            String said = e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                    ? e.awsErrorDetails().errorMessage() : String.valueOf(e.getMessage());
            switch (code) {
                case "AccessDenied", "AccessDeniedException" -> {
                    String caller = callerDescription(target);
                    String action = said.contains("sts:SetSourceIdentity") ? "sts:SetSourceIdentity"
                            : said.contains("sts:TagSession") ? "sts:TagSession" : "sts:AssumeRole";
                    boolean mfaFailed = said.toLowerCase(Locale.ROOT).contains("multifactorauthentication");
                    return new AuthException(AuthException.Kind.DENIED, "AssumeRole into " + role + " (" + target.label()
                            + ") was denied for " + caller + " (STS: " + said + "). "
                            + (mfaFailed ? "The MFA code was not accepted: use the current code of the device given by --mfa-serial. "
                            : "The trust policy of " + role + " must allow that caller sts:AssumeRole, sts:SetSourceIdentity"
                            + " and sts:TagSession" + (action.equals("sts:AssumeRole") ? "" : " (this time " + action + " was missing)")
                            + (mfaGiven ? "" : ", and if it requires MFA pass --mfa-serial") + ". "
                            + "Roles created by 'pipeline bootstrap' trust the CI role and the ARNs in environments."
                            + target.environment() + ".trustedPrincipals of accounts.yaml: add yours there and run bootstrap again."),
                            e);
                }
                // UnauthorizedException comes from the SSO portal when the cached SSO token is no longer valid.
                case "ExpiredToken", "ExpiredTokenException", "RequestExpired", "UnauthorizedException" -> {
                    return new AuthException(AuthException.Kind.EXPIRED, "your AWS credentials have expired (STS: " + said
                            + ") while assuming " + role + ". " + loginAdvice(), e);
                }
                case "InvalidClientTokenId", "UnrecognizedClientException", "SignatureDoesNotMatch", "IncompleteSignature" -> {
                    return new AuthException(AuthException.Kind.EXPIRED, "STS does not accept your AWS credentials (" + code
                            + ": " + said + ") while assuming " + role + ": they are invalid, revoked, or for another partition. "
                            + loginAdvice(), e);
                }
                case "RegionDisabledException" -> {
                    return new AuthException(AuthException.Kind.OTHER, "STS is not activated in " + target.region()
                            + " for the calling account (STS: " + said + "). An administrator can activate it in the IAM console"
                            + " (Account settings, Security Token Service endpoints), or enable the region itself if it is opt-in.", e);
                }
                case "ValidationError" -> {
                    return new AuthException(AuthException.Kind.OTHER, "STS rejected the AssumeRole request for " + role
                            + " (" + said + "). If it is about DurationSeconds, the role's maximum session duration is below "
                            + SESSION_SECONDS + " seconds: raise it to at least one hour.", e);
                }
                default -> {
                    return new AuthException(AuthException.Kind.OTHER, "assuming " + role + " for " + target.label()
                            + " failed: " + e.getMessage(), e);
                }
            }
        }
        String message = String.valueOf(failure.getMessage());
        // An expired SSO login also fails the whole default chain ("Unable to load credentials ..."),
        // with the SSO reason inside: look for it first so the advice is "log in", not "configure".
        if (failure instanceof SdkClientException && isExpiredLogin(message)) {
            return new AuthException(AuthException.Kind.EXPIRED, "your AWS login has expired, so " + role
                    + " cannot be assumed. " + loginAdvice() + " (SDK: " + firstSentence(message) + ")", failure);
        }
        if (failure instanceof SdkClientException && isMissingCredentials(message)) {
            return new AuthException(AuthException.Kind.NO_CREDENTIALS, "no AWS credentials found to assume " + role
                    + " with. " + credentialsAdvice() + " (SDK: " + firstSentence(message) + ")", failure);
        }
        if (failure instanceof SdkClientException) {
            return new AuthException(AuthException.Kind.OTHER, "could not reach STS in " + target.region()
                    + (target.endpoint() != null ? " at " + target.endpoint() : "") + " to assume " + role + ": "
                    + firstSentence(message) + ". Check the network, proxy settings and the endpoint.", failure);
        }
        return new AuthException(AuthException.Kind.OTHER, "assuming " + role + " failed: " + message, failure);
    }

    /**
     * The base identity's ARN, for "which caller" in a refusal. Best effort: if even this call fails
     * (the reason we are here may be that the credentials are bad) the message says so instead.
     */
    private String callerDescription(Target target) {
        try (StsClient sts = clients.sts(target.region(), base, target.endpoint())) {
            return sts.getCallerIdentity().arn();
        } catch (RuntimeException e) {
            return "your base identity (GetCallerIdentity failed too: " + firstSentence(String.valueOf(e.getMessage())) + ")";
        }
    }

    private String loginAdvice() {
        String p = profile != null ? profile : "YOUR_PROFILE";
        return "Log in again: 'aws sso login --profile " + p + "' for an SSO profile, fresh keys in AWS_ACCESS_KEY_ID/"
                + "AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN, or in GitHub Actions re-run the job (its OIDC credentials last one hour).";
    }

    private String credentialsAdvice() {
        return (profile != null ? "Profile '" + profile + "' gave none: check it exists in ~/.aws/config and run "
                + "'aws sso login --profile " + profile + "' if it is an SSO profile; "
                : "Pass --profile NAME (or set AWS_PROFILE) and 'aws sso login --profile NAME' for SSO, ")
                + "or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), or in GitHub Actions use"
                + " aws-actions/configure-aws-credentials with role-to-assume (OIDC, needs 'permissions: id-token: write').";
    }

    static boolean isMissingCredentials(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("unable to load credentials") || m.contains("no credentials")
                || m.contains("contained no credentials") || m.contains("profile file contained no")
                || (m.contains("profile") && m.contains("does not exist"));
    }

    static boolean isExpiredLogin(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("sso session") || m.contains("token is expired") || m.contains("has expired")
                || m.contains("sso login");
    }

    private static String firstSentence(String s) {
        String oneLine = s.replaceAll("\\s+", " ").strip();
        int dot = oneLine.indexOf(". ");
        String first = dot > 0 ? oneLine.substring(0, dot) : oneLine;
        return first.length() > 300 ? first.substring(0, 300) + "..." : first;
    }
}
