package dev.userapi.pipeline.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.RegionDisabledException;
import software.amazon.awssdk.services.sts.model.StsException;

/** The fake answers as STS does: these are the behaviours the auth code is tested against. */
class FakeStsTest {
    private static final String ROLE = "arn:aws:iam::222222222222:role/user-api-deployer";

    private final MutableClock clock = MutableClock.startingNow();
    private final FakeSts sts = new FakeSts(clock);

    private StsClient as(software.amazon.awssdk.auth.credentials.AwsCredentials c) {
        return sts.client(StaticCredentialsProvider.create(c), "eu-west-1");
    }

    private static AssumeRoleRequest.Builder request() {
        return AssumeRoleRequest.builder().roleArn(ROLE).roleSessionName("alice-abc1234");
    }

    @Test
    void errorsLookLikeWhatTheSdkUnmarshals() {
        StsClient user = as(sts.addUser("arn:aws:iam::111111111111:user/alice"));
        StsException e = assertThrows(StsException.class, () -> user.assumeRole(request().build()));
        assertEquals(403, e.statusCode());
        assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
        assertEquals("Sts", e.awsErrorDetails().serviceName());
        assertEquals(403, e.awsErrorDetails().sdkHttpResponse().statusCode());
        assertEquals("User: arn:aws:iam::111111111111:user/alice is not authorized to perform: sts:AssumeRole on resource: " + ROLE,
                e.awsErrorDetails().errorMessage());
        assertTrue(e.getMessage().contains("(Service: Sts, Status Code: 403, Request ID: "), e.getMessage());
    }

    @Test
    void validationErrorsUseStsMessageShape() {
        sts.addRole(ROLE).trust("arn:aws:iam::111111111111:root");
        StsClient user = as(sts.addUser("arn:aws:iam::111111111111:user/alice"));
        StsException e = assertThrows(StsException.class,
                () -> user.assumeRole(request().roleSessionName("alice abc").sourceIdentity("a").build()));
        assertEquals(400, e.statusCode());
        assertEquals("ValidationError", e.awsErrorDetails().errorCode());
        assertEquals("2 validation errors detected: Value 'alice abc' at 'roleSessionName' failed to satisfy constraint:"
                + " Member must satisfy regular expression pattern: [\\w+=,.@-]*; Value 'a' at 'sourceIdentity' failed to"
                + " satisfy constraint: Member must have length greater than or equal to 2", e.awsErrorDetails().errorMessage());
    }

    @Test
    void chainedSessionsAreCappedAtOneHour() {
        sts.addRole(ROLE).trust("arn:aws:iam::111111111111:role/ci").maxSessionDuration(Duration.ofHours(12));
        StsClient ci = as(sts.addSession("arn:aws:sts::111111111111:assumed-role/ci/run-1", Duration.ofHours(1)));
        StsException e = assertThrows(StsException.class, () -> ci.assumeRole(request().durationSeconds(7200).build()));
        assertEquals("ValidationError", e.awsErrorDetails().errorCode());
        assertTrue(e.awsErrorDetails().errorMessage().contains("1 hour session limit for roles assumed by role chaining"));

        AssumeRoleResponse ok = ci.assumeRole(request().durationSeconds(3600).build());
        assertEquals(clock.instant().plusSeconds(3600), ok.credentials().expiration());
        assertEquals("arn:aws:sts::222222222222:assumed-role/user-api-deployer/alice-abc1234", ok.assumedRoleUser().arn());
    }

    @Test
    void expiredAndUnknownCredentials() {
        StsClient session = as(sts.addSession("arn:aws:sts::111111111111:assumed-role/dev/alice", Duration.ofMinutes(15)));
        clock.advance(Duration.ofMinutes(15));
        StsException expired = assertThrows(StsException.class, session::getCallerIdentity);
        assertEquals("ExpiredToken", expired.awsErrorDetails().errorCode());
        assertEquals(400, expired.statusCode());
        assertEquals("The security token included in the request is expired", expired.awsErrorDetails().errorMessage());

        StsClient bogus = as(software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("AKIAX", "secret"));
        StsException invalid = assertThrows(StsException.class, bogus::getCallerIdentity);
        assertEquals("InvalidClientTokenId", invalid.awsErrorDetails().errorCode());
        assertEquals(403, invalid.statusCode());
    }

    @Test
    void theSourceIdentityOfAChainIsKept() {
        sts.addRole(ROLE).trust("arn:aws:iam::111111111111:role/ci");
        sts.addRole("arn:aws:iam::111111111111:role/ci").trust("arn:aws:iam::111111111111:user/alice");
        StsClient alice = as(sts.addUser("arn:aws:iam::111111111111:user/alice"));
        AssumeRoleResponse first = alice.assumeRole(AssumeRoleRequest.builder()
                .roleArn("arn:aws:iam::111111111111:role/ci").roleSessionName("one").sourceIdentity("alice").build());
        StsClient chained = sts.client(StaticCredentialsProvider.create(
                software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(first.credentials().accessKeyId(),
                        first.credentials().secretAccessKey(), first.credentials().sessionToken())), "eu-west-1");
        AssumeRoleResponse second = chained.assumeRole(request().sourceIdentity("mallory").build());
        assertEquals("alice", second.sourceIdentity());
    }

    @Test
    void aDisabledRegionAnswersWithTheModeledException() {
        sts.disableRegion("eu-west-1");
        StsClient user = as(sts.addUser("arn:aws:iam::111111111111:user/alice"));
        RegionDisabledException e = assertThrows(RegionDisabledException.class, user::getCallerIdentity);
        assertEquals(403, e.statusCode());
    }
}
