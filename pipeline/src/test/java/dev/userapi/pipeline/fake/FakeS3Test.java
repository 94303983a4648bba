package dev.userapi.pipeline.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The fake answers as S3 does, as the SDK surfaces it: the behaviours the packaging code is tested against. */
class FakeS3Test {
    private final FakeSts sts = new FakeSts(MutableClock.startingNow());
    private final FakeS3 world = new FakeS3(sts);
    private final S3Client s3 = world.client(StaticCredentialsProvider.create(
            sts.addSession("arn:aws:sts::222222222222:assumed-role/user-api-deployer/alice", Duration.ofHours(1))), "eu-west-1");

    @Test
    void headErrorsHaveAStatusButNoBody() {
        world.createBucket("b", "222222222222", "eu-west-1");
        NoSuchKeyException missing = assertThrows(NoSuchKeyException.class, () -> s3.headObject(r -> r.bucket("b").key("k")));
        assertEquals(404, missing.statusCode());
        assertNull(missing.awsErrorDetails().errorCode());
        // A missing bucket is indistinguishable on HEAD.
        assertEquals(404, assertThrows(NoSuchKeyException.class, () -> s3.headObject(r -> r.bucket("nope").key("k"))).statusCode());

        world.createBucket("other", "333333333333", "eu-west-1");
        S3Exception denied = assertThrows(S3Exception.class, () -> s3.headObject(r -> r.bucket("other").key("k")));
        assertEquals(403, denied.statusCode());
        assertNull(denied.awsErrorDetails().errorCode());
    }

    @Test
    void putAndGetErrorsCarryS3sCodes() {
        NoSuchBucketException e = assertThrows(NoSuchBucketException.class,
                () -> s3.putObject(r -> r.bucket("nope").key("k"), RequestBody.fromString("x")));
        assertEquals("NoSuchBucket", e.awsErrorDetails().errorCode());

        world.createBucket("b", "222222222222", "eu-west-1");
        NoSuchKeyException k = assertThrows(NoSuchKeyException.class, () -> s3.getObjectAsBytes(r -> r.bucket("b").key("k")));
        assertEquals("NoSuchKey", k.awsErrorDetails().errorCode());

        S3Exception digest = assertThrows(S3Exception.class, () -> s3.putObject(r -> r.bucket("b").key("k")
                .checksumSHA256("ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="), RequestBody.fromString("abd")));
        assertEquals("BadDigest", digest.awsErrorDetails().errorCode());
        assertEquals(400, digest.statusCode());
    }

    @Test
    void theChecksumComesBackOnlyWhenAskedFor() {
        world.createBucket("b", "222222222222", "eu-west-1");
        s3.putObject(r -> r.bucket("b").key("k").checksumSHA256("ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="),
                RequestBody.fromString("abc", StandardCharsets.US_ASCII));
        assertNull(s3.headObject(r -> r.bucket("b").key("k")).checksumSHA256());
        assertEquals("ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=",
                s3.headObject(r -> r.bucket("b").key("k").checksumMode(ChecksumMode.ENABLED)).checksumSHA256());
        assertEquals("abc", s3.getObjectAsBytes(r -> r.bucket("b").key("k")).asUtf8String());
        assertEquals(1, world.calls("PutObject"));
        assertEquals(2, world.calls("HeadObject"));
        assertEquals(1, world.calls("GetObject"));
    }
}
