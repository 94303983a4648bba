package dev.userapi.pipeline.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userapi.pipeline.config.Target;
import dev.userapi.pipeline.fake.FakeAwsClients;
import dev.userapi.pipeline.fake.FakeSts;
import dev.userapi.pipeline.fake.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.StsException;

class RoleAssumerTest {
    private static final String SHA = "abc1234def5678901234567890abcdef12345678";
    private static final String DEPLOYER = "arn:aws:iam::222222222222:role/user-api-deployer";
    private static final String SSO_ROLE = "arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Developer_abc";
    private static final String ALICE = "arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Developer_abc/alice";
    private static final Target DEV = new Target("dev", "222222222222", "eu-west-1", "user-api-dev", DEPLOYER,
            "arn:aws:iam::222222222222:role/user-api-cfn-exec", "user-api-artifacts-222222222222-eu-west-1", null);
    private static final Actor ALICE_ACTOR = Actor.detect(Map.of("USER", "alice"), null, SHA, "dev");

    private final MutableClock clock = MutableClock.startingNow();
    private final FakeAwsClients clients = new FakeAwsClients(clock);
    private final FakeSts sts = clients.sts();
    /** Alice's SSO session: itself a role session, so what she assumes is chained. */
    private final AwsCredentialsProvider alice = StaticCredentialsProvider.create(sts.addSession(ALICE, Duration.ofHours(8)));

    @Test
    void assumesWithWhoAndWhatAndVerifiesTheAccountWithTheAssumedCredentials() {
        sts.addRole(DEPLOYER).trust(SSO_ROLE);

        AssumedRole assumed = new RoleAssumer(clients, alice).assume(DEV, ALICE_ACTOR, null);

        assertEquals("222222222222", assumed.account());
        // The session ARN proves GetCallerIdentity was signed with the assumed credentials, not Alice's.
        assertEquals("arn:aws:sts::222222222222:assumed-role/user-api-deployer/alice-abc1234", assumed.arn());
        assertEquals(DEV, assumed.target());

        AssumeRoleRequest request = sts.assumeRoleRequests().get(0);
        assertEquals(DEPLOYER, request.roleArn());
        assertEquals("alice-abc1234", request.roleSessionName());
        assertEquals("alice", request.sourceIdentity());
        assertEquals(Map.of("env", "dev", "git-sha", SHA), tags(request));
        assertTrue(request.transitiveTagKeys().isEmpty(), "tags are deliberately not transitive");
        assertEquals(3600, request.durationSeconds());
        assertNull(request.serialNumber());
        assertNull(request.tokenCode());
        assertEquals(1, sts.calls("AssumeRole"));
        assertEquals(1, sts.calls("GetCallerIdentity"));
        assertEquals(List.of("sts eu-west-1 null", "sts eu-west-1 null"), clients.built());
    }

    @Test
    void theTargetsEndpointIsUsedForEveryStsClient() {
        sts.addRole(DEPLOYER).trust(SSO_ROLE);
        Target local = new Target("dev", "222222222222", "eu-west-1", "user-api-dev", DEPLOYER, DEV.executionRoleArn(),
                DEV.artifactBucket(), java.net.URI.create("http://localhost:4566"));
        new RoleAssumer(clients, alice).assume(local, ALICE_ACTOR, null);
        assertEquals(List.of("sts eu-west-1 http://localhost:4566", "sts eu-west-1 http://localhost:4566"), clients.built());
    }

    @Test
    void credentialsOfAnotherAccountAreRefused() {
        // As an AWS-compatible endpoint with one fixed account would answer.
        sts.addRole(DEPLOYER).trust(SSO_ROLE).sessionsReportAccount("000000000000");

        AuthException e = assertThrows(AuthException.class, () -> new RoleAssumer(clients, alice).assume(DEV, ALICE_ACTOR, null));

        assertEquals(AuthException.Kind.WRONG_ACCOUNT, e.kind());
        assertTrue(e.getMessage().contains("refusing to deploy dev 222222222222/eu-west-1"), e.getMessage());
        assertTrue(e.getMessage().contains("gave credentials of account 000000000000"), e.getMessage());
        assertTrue(e.getMessage().contains("not 222222222222"), e.getMessage());
    }

    @Test
    void accessDeniedNamesTheRoleTheCallerAndTheTrustPolicyFix() {
        sts.addRole(DEPLOYER).trust("arn:aws:iam::111111111111:role/someone-else");

        AuthException e = assertThrows(AuthException.class, () -> new RoleAssumer(clients, alice).assume(DEV, ALICE_ACTOR, null));

        assertEquals(AuthException.Kind.DENIED, e.kind());
        String m = e.getMessage();
        assertTrue(m.contains("AssumeRole into " + DEPLOYER + " (dev 222222222222/eu-west-1) was denied for " + ALICE), m);
        assertTrue(m.contains("User: " + ALICE + " is not authorized to perform: sts:AssumeRole on resource: " + DEPLOYER), m);
        assertTrue(m.contains("trust policy of " + DEPLOYER + " must allow that caller sts:AssumeRole, sts:SetSourceIdentity"
                + " and sts:TagSession"), m);
        assertTrue(m.contains("environments.dev.trustedPrincipals"), m);
        assertTrue(m.contains("--mfa-serial"), m);
        assertTrue(e.getCause() instanceof StsException);
    }

    @Test
    void aTrustPolicyWithoutSetSourceIdentitySaysWhichActionIsMissing() {
        sts.addRole(DEPLOYER).trust(SSO_ROLE).denySetSourceIdentity();
        AuthException e = assertThrows(AuthException.class, () -> new RoleAssumer(clients, alice).assume(DEV, ALICE_ACTOR, null));
        assertEquals(AuthException.Kind.DENIED, e.kind());
        assertTrue(e.getMessage().contains("this time sts:SetSourceIdentity was missing"), e.getMessage());
    }

    @Test
    void expiredBaseCredentialsSayLogInAgainWithTheProfile() {
        sts.addRole(DEPLOYER).trust(SSO_ROLE);
        AwsCredentialsProvider shortLived = StaticCredentialsProvider.create(sts.addSession(ALICE, Duration.ofMinutes(15)));
        clock.advance(Duration.ofMinutes(20));

        AuthException e = assertThrows(AuthException.class,
                () -> new RoleAssumer(clients, shortLived, "dev-sso").assume(DEV, ALICE_ACTOR, null));

        assertEquals(AuthException.Kind.EXPIRED, e.kind());
        assertTrue(e.getMessage().contains("The security token included in the request is expired"), e.getMessage());
        assertTrue(e.getMessage().contains("aws sso login --profile dev-sso"), e.getMessage());
        assertEquals(0, sts.calls("GetCallerIdentity"));
    }

    @Test
    void credentialsStsDoesNotKnowAreInvalid() {
        sts.addRole(DEPLOYER).trust(SSO_ROLE);
        AwsCredentialsProvider bogus = StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));

        AuthException e = assertThrows(AuthException.class, () -> new RoleAssumer(clients, bogus).assume(DEV, ALICE_ACTOR, null));

        assertEquals(AuthException.Kind.EXPIRED, e.kind());
        assertTrue(e.getMessage().contains("InvalidClientTokenId"), e.getMessage());
        assertFalse(e.getMessage().contains("wJalrXUtnFEMI"), "the secret key never appears in a message");
    }

    @Test
    void noCredentialsAtAllSaysHowToProvideThem() {
        AwsCredentialsProvider nothing = () -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain"
                    + " AwsCredentialsProviderChain(credentialsProviders=[SystemPropertyCredentialsProvider(),"
                    + " EnvironmentVariableCredentialsProvider(), ProfileCredentialsProvider()]) : [...]");
        };
        AuthException e = assertThrows(AuthException.class, () -> new RoleAssumer(clients, nothing).assume(DEV, ALICE_ACTOR, null));
        assertEquals(AuthException.Kind.NO_CREDENTIALS, e.kind());
        assertTrue(e.getMessage().contains("no AWS credentials found to assume " + DEPLOYER), e.getMessage());
        assertTrue(e.getMessage().contains("--profile NAME"), e.getMessage());
        assertTrue(e.getMessage().contains("AWS_ACCESS_KEY_ID"), e.getMessage());
        assertTrue(e.getMessage().contains("configure-aws-credentials"), e.getMessage());
        assertEquals(0, sts.calls("AssumeRole"), "nothing is sent without credentials");
    }

    @Test
    void anExpiredSsoLoginInsideTheDefaultChainIsALoginProblem() {
        AwsCredentialsProvider expiredSso = () -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain"
                    + " AwsCredentialsProviderChain(...) : [ProfileCredentialsProvider(profileName=dev-sso): The SSO session"
                    + " associated with this profile has expired or is otherwise invalid. To refresh this SSO session run"
                    + " aws sso login with the corresponding profile.]");
        };
        AuthException e = assertThrows(AuthException.class,
                () -> new RoleAssumer(clients, expiredSso, "dev-sso").assume(DEV, ALICE_ACTOR, null));
        assertEquals(AuthException.Kind.EXPIRED, e.kind());
        assertTrue(e.getMessage().contains("aws sso login --profile dev-sso"), e.getMessage());
    }

    @Test
    void stsDisabledInTheRegion() {
        sts.addRole(DEPLOYER).trust(SSO_ROLE);
        sts.disableRegion("eu-west-1");
        AuthException e = assertThrows(AuthException.class, () -> new RoleAssumer(clients, alice).assume(DEV, ALICE_ACTOR, null));
        assertEquals(AuthException.Kind.OTHER, e.kind());
        assertTrue(e.getMessage().contains("STS is not activated in eu-west-1"), e.getMessage());
    }

    @Test
    void mfaSerialAndTheCurrentCodeArePassed() {
        String serial = "arn:aws:iam::111111111111:mfa/alice";
        sts.addRole(DEPLOYER).trust(SSO_ROLE).requireMfa();
        sts.addMfaDevice(serial, "123456");
        AtomicInteger prompts = new AtomicInteger();

        AssumedRole assumed = new RoleAssumer(clients, alice).assume(DEV, ALICE_ACTOR, new Mfa(serial, () -> {
            prompts.incrementAndGet();
            return "123456";
        }));

        assertEquals("222222222222", assumed.account());
        AssumeRoleRequest request = sts.assumeRoleRequests().get(0);
        assertEquals(serial, request.serialNumber());
        assertEquals("123456", request.tokenCode());
        assertEquals(1, prompts.get(), "the code is asked for when STS is called, once per AssumeRole");
    }

    @Test
    void aRoleRequiringMfaRefusesWithoutOrWithAWrongCode() {
        String serial = "arn:aws:iam::111111111111:mfa/alice";
        sts.addRole(DEPLOYER).trust(SSO_ROLE).requireMfa();
        sts.addMfaDevice(serial, "123456");

        AuthException without = assertThrows(AuthException.class, () -> new RoleAssumer(clients, alice).assume(DEV, ALICE_ACTOR, null));
        assertEquals(AuthException.Kind.DENIED, without.kind());
        assertTrue(without.getMessage().contains("if it requires MFA pass --mfa-serial"), without.getMessage());

        AuthException wrong = assertThrows(AuthException.class,
                () -> new RoleAssumer(clients, alice).assume(DEV, ALICE_ACTOR, new Mfa(serial, () -> "000000")));
        assertEquals(AuthException.Kind.DENIED, wrong.kind());
        assertTrue(wrong.getMessage().contains("The MFA code was not accepted"), wrong.getMessage());
    }

    /**
     * A deploy outliving its session. The SDK's provider decides when to renew by the real clock, so
     * the first session is issued as if the deploy had started 58.5 minutes ago: it expires 90
     * seconds from now, inside the provider's renewal window. Then the fake clock moves past that
     * expiry: the first session is dead, and work through the provider still succeeds because it
     * re-assumed the role with the same identity.
     */
    @Test
    void credentialsExpiringMidDeployAreRenewedByAssumingAgain() {
        sts.addRole(DEPLOYER).trust(SSO_ROLE);
        Instant now = Instant.now();
        clock.set(now.minus(Duration.ofHours(1)).plusSeconds(90));

        AssumedRole assumed = new RoleAssumer(clients, alice).assume(DEV, ALICE_ACTOR, null);
        AwsCredentials early = assumed.credentials().resolveCredentials();

        clock.set(now.plus(Duration.ofMinutes(2)));
        AwsCredentialsProvider earlyOnly = StaticCredentialsProvider.create(early);
        StsException expired = assertThrows(StsException.class,
                () -> clients.sts("eu-west-1", earlyOnly, null).getCallerIdentity());
        assertEquals("ExpiredToken", expired.awsErrorDetails().errorCode());

        int before = sts.calls("AssumeRole");
        String arn = clients.sts("eu-west-1", assumed.credentials(), null).getCallerIdentity().arn();
        assertEquals("arn:aws:sts::222222222222:assumed-role/user-api-deployer/alice-abc1234", arn);
        assertTrue(sts.calls("AssumeRole") > before, "the provider re-assumed the role");

        AwsCredentials renewed = assumed.credentials().resolveCredentials();
        assertFalse(renewed.accessKeyId().equals(early.accessKeyId()));
        // Every renewal carries the same who and what.
        assertEquals(1, sts.assumeRoleRequests().stream()
                .map(r -> r.roleSessionName() + "|" + r.sourceIdentity() + "|" + tags(r) + "|" + r.durationSeconds())
                .collect(Collectors.toSet()).size());
    }

    @Test
    void aFailureLaterInTheDeployIsExplainedToo() {
        sts.addRole(DEPLOYER).trust(SSO_ROLE);
        RoleAssumer assumer = new RoleAssumer(clients, alice, "dev-sso");
        AssumedRole assumed = assumer.assume(DEV, ALICE_ACTOR, null);
        clock.advance(Duration.ofHours(9));

        StsException raw = assertThrows(StsException.class,
                () -> clients.sts("eu-west-1", assumed.credentials(), null).getCallerIdentity());
        AuthException e = assumer.explain(assumed.target(), raw, false);

        assertEquals(AuthException.Kind.EXPIRED, e.kind());
        assertTrue(e.getMessage().contains("aws sso login --profile dev-sso"), e.getMessage());
    }

    private static Map<String, String> tags(AssumeRoleRequest r) {
        return r.tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value()));
    }
}
