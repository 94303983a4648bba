package dev.userapi.pipeline.auth;

import dev.userapi.pipeline.aws.AwsClients;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * One MFA-authenticated session for a whole deploy: {@code sts:GetSessionToken} with the device's
 * serial and code, called once, whose credentials then sign every AssumeRole — every target, every
 * region, every renewal of a long deploy. STS accepts a TOTP code once, so sending the code with each
 * AssumeRole failed from the second target on; a session made with MFA satisfies a trust policy's
 * {@code aws:MultiFactorAuthPresent} for all of them.
 *
 * <p>GetSessionToken takes long-term keys only (an IAM user's); an SSO or role session had its MFA at
 * login and is refused with advice to drop {@code --mfa-serial}.
 */
public final class MfaSession implements AwsCredentialsProvider {
    /** Longer than any deploy (the operation bound is 3 hours); AWS's default for IAM users. */
    static final Duration LIFETIME = Duration.ofHours(12);

    private final AwsClients clients;
    private final AwsCredentialsProvider base;
    private final Mfa mfa;
    private final String region;
    private final URI endpoint;
    private final String profile;
    private AwsSessionCredentials session;

    /**
     * @param region   where STS is called (the first target's region)
     * @param endpoint nullable: the first target's AWS-compatible endpoint
     * @param profile  nullable: the --profile in use, for advice
     */
    public MfaSession(AwsClients clients, AwsCredentialsProvider base, Mfa mfa, String region, URI endpoint, String profile) {
        this.clients = clients;
        this.base = base;
        this.mfa = mfa;
        this.region = region;
        this.endpoint = endpoint;
        this.profile = profile;
    }

    /**
     * The session, made on the first call and the same ever after (the code is asked for once).
     *
     * @throws AuthException saying why STS refused and what to do
     */
    @Override
    public synchronized AwsCredentials resolveCredentials() {
        if (session == null) {
            Credentials c;
            try (StsClient sts = clients.sts(region, base, endpoint)) {
                c = sts.getSessionToken(b -> b.serialNumber(mfa.serialNumber()).tokenCode(mfa.tokenCode().get())
                        .durationSeconds((int) LIFETIME.toSeconds())).credentials();
            } catch (SdkException e) {
                throw explain(e);
            }
            session = AwsSessionCredentials.builder().accessKeyId(c.accessKeyId()).secretAccessKey(c.secretAccessKey())
                    .sessionToken(c.sessionToken()).expirationTime(c.expiration()).build();
        }
        return session;
    }

    private AuthException explain(SdkException e) {
        String code = e instanceof AwsServiceException a && a.awsErrorDetails() != null && a.awsErrorDetails().errorCode() != null
                ? a.awsErrorDetails().errorCode() : "";
        String said = e instanceof AwsServiceException a && a.awsErrorDetails() != null && a.awsErrorDetails().errorMessage() != null
                ? a.awsErrorDetails().errorMessage() : String.valueOf(e.getMessage());
        String p = profile != null ? profile : "YOUR_PROFILE";
        if (said.toLowerCase(Locale.ROOT).contains("session credentials")) {
            return new AuthException(AuthException.Kind.OTHER, "GetSessionToken with --mfa-serial " + mfa.serialNumber()
                    + " refused your credentials (STS: " + said + "): it takes an IAM user's access keys. An SSO or role session"
                    + " had its MFA when you logged in; run again without --mfa-serial/--mfa-code.", e);
        }
        if (said.toLowerCase(Locale.ROOT).contains("multifactorauthentication")) {
            return new AuthException(AuthException.Kind.DENIED, "GetSessionToken did not accept the MFA code for "
                    + mfa.serialNumber() + " (STS: " + said + "). Use the code the device shows now (a code is accepted once,"
                    + " so wait for the next one if you just used it), and check that --mfa-serial is your device's ARN.", e);
        }
        if (code.startsWith("ExpiredToken") || code.equals("InvalidClientTokenId") || code.equals("RequestExpired")) {
            return new AuthException(AuthException.Kind.EXPIRED, "GetSessionToken for MFA refused your AWS keys (" + code + ": " + said
                    + "). Use valid access keys of your IAM user (profile " + p + ", or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY).", e);
        }
        return new AuthException(AuthException.Kind.OTHER, "GetSessionToken for MFA with " + mfa.serialNumber() + " in " + region
                + " failed: " + (code.isEmpty() ? "" : code + ": ") + said, e);
    }
}
