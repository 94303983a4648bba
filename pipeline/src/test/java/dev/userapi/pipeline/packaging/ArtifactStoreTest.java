package dev.userapi.pipeline.packaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userapi.pipeline.fake.FakeS3;
import dev.userapi.pipeline.fake.FakeSts;
import dev.userapi.pipeline.fake.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

class ArtifactStoreTest {
    private static final String BUCKET = "user-api-artifacts-222222222222-eu-west-1";
    private static final String DEPLOYER = "arn:aws:iam::222222222222:role/user-api-deployer";

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.startingNow();
    private final FakeSts sts = new FakeSts(clock);
    private final FakeS3 s3 = new FakeS3(sts);
    private S3Client deployer;
    private Artifact artifact;

    @BeforeEach
    void setUp() throws Exception {
        AwsCredentials session = sts.addSession("arn:aws:sts::222222222222:assumed-role/user-api-deployer/alice-abc1234",
                Duration.ofHours(1));
        deployer = s3.client(StaticCredentialsProvider.create(session), "eu-west-1");
        s3.createBucket(BUCKET, "222222222222", "eu-west-1").allowOnly(DEPLOYER);
        artifact = Artifact.of(Files.writeString(dir.resolve("user-api-functions.jar"), "abc", StandardCharsets.US_ASCII));
    }

    @Test
    void uploadsUnderTheHashWithItsChecksumOnlyWhenMissing() {
        ArtifactStore store = new ArtifactStore(deployer, BUCKET, "user-api");

        S3Location first = store.ensureUploaded(artifact);
        String key = "user-api/artifacts/ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad.jar";
        assertEquals(new S3Location(BUCKET, key, true), first);
        assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), s3.object(BUCKET, key).orElseThrow());
        assertEquals(List.of("HeadObject " + BUCKET + "/" + key, "PutObject " + BUCKET + "/" + key), s3.requests());

        S3Location again = store.ensureUploaded(artifact);
        assertEquals(new S3Location(BUCKET, key, false), again);
        assertEquals(2, s3.calls("HeadObject"));
        assertEquals(1, s3.calls("PutObject"), "the same bytes are never uploaded twice");
    }

    @Test
    void aDifferentObjectUnderTheKeyIsRefusedNotDeployed() {
        ArtifactStore store = new ArtifactStore(deployer, BUCKET, "user-api");
        s3.seed(BUCKET, store.artifactKey(artifact), "abd".getBytes(StandardCharsets.US_ASCII),
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        PackagingException e = assertThrows(PackagingException.class, () -> store.ensureUploaded(artifact));
        assertEquals(PackagingException.Kind.CORRUPT, e.kind());
        assertTrue(e.getMessage().contains("does not hold the artifact its key names"), e.getMessage());
        assertEquals(0, s3.calls("PutObject"));
    }

    @Test
    void aJarRebuiltAfterHashingIsRefusedByS3sChecksum() throws Exception {
        ArtifactStore store = new ArtifactStore(deployer, BUCKET, "user-api");
        Files.writeString(artifact.path(), "abd", StandardCharsets.US_ASCII);
        PackagingException e = assertThrows(PackagingException.class, () -> store.ensureUploaded(artifact));
        assertEquals(PackagingException.Kind.CORRUPT, e.kind());
        assertTrue(e.getMessage().contains("no longer match the SHA-256"), e.getMessage());
        assertTrue(s3.object(BUCKET, store.artifactKey(artifact)).isEmpty());
    }

    @Test
    void forbiddenHeadNamesBucketRoleAndTheMissingPermissions() {
        s3.createBucket(BUCKET, "222222222222", "eu-west-1").allowOnly("arn:aws:iam::222222222222:role/someone-else");
        ArtifactStore store = new ArtifactStore(deployer, BUCKET, "user-api",
                "arn:aws:sts::222222222222:assumed-role/user-api-deployer/alice-abc1234");
        PackagingException e = assertThrows(PackagingException.class, () -> store.ensureUploaded(artifact));
        assertEquals(PackagingException.Kind.ACCESS_DENIED, e.kind());
        assertTrue(e.getMessage().contains("S3 denied HeadObject on s3://" + BUCKET + "/user-api/artifacts/"), e.getMessage());
        assertTrue(e.getMessage().contains("to arn:aws:sts::222222222222:assumed-role/user-api-deployer/alice-abc1234 (403)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("s3:PutObject on arn:aws:s3:::" + BUCKET + "/user-api/*"), e.getMessage());
        assertEquals(0, s3.calls("PutObject"), "a 403 is not a 404: nothing is uploaded");
    }

    @Test
    void aMissingBucketIsReportedByThePutAfterTheBodilessHead404() {
        ArtifactStore store = new ArtifactStore(deployer, "user-api-artifacts-222222222222-eu-west-2", "user-api");
        PackagingException e = assertThrows(PackagingException.class, () -> store.ensureUploaded(artifact));
        assertEquals(PackagingException.Kind.NO_BUCKET, e.kind());
        assertTrue(e.getMessage().contains("bucket user-api-artifacts-222222222222-eu-west-2 does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains("pipeline bootstrap"), e.getMessage());
    }

    @Test
    void aBucketInAnotherRegionIsNamedAsSuch() {
        S3Client inUsEast = s3.client(StaticCredentialsProvider.create(
                sts.addSession("arn:aws:sts::222222222222:assumed-role/user-api-deployer/bob-abc1234", Duration.ofHours(1))),
                "us-east-1");
        PackagingException e = assertThrows(PackagingException.class,
                () -> new ArtifactStore(inUsEast, BUCKET, "user-api").ensureUploaded(artifact));
        assertEquals(PackagingException.Kind.NO_BUCKET, e.kind());
        assertTrue(e.getMessage().contains("is in another region"), e.getMessage());
    }

    @Test
    void expiredCredentialsOnHeadSayLogInAgain() {
        clock.advance(Duration.ofHours(2));
        PackagingException e = assertThrows(PackagingException.class,
                () -> new ArtifactStore(deployer, BUCKET, "user-api").ensureUploaded(artifact));
        assertEquals(PackagingException.Kind.AWS, e.kind());
        assertTrue(e.getMessage().contains("expired credentials"), e.getMessage());
    }

    @Test
    void jsonRecordsRoundTripAndAMissingOneIsEmpty() {
        ArtifactStore store = new ArtifactStore(deployer, BUCKET, "user-api");
        String key = "user-api/records/dev/222222222222-eu-west-1/latest.json";
        assertTrue(store.getJson(key).isEmpty());

        byte[] json = "{\"sha\":\"abc1234\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(new S3Location(BUCKET, key, true), store.putJson(key, json));
        assertArrayEquals(json, store.getJson(key).orElseThrow());
    }

    @Test
    void aRecordInAForbiddenBucketIsAnErrorNotAnAbsence() {
        s3.createBucket(BUCKET, "222222222222", "eu-west-1").allowOnly("arn:aws:iam::222222222222:role/someone-else");
        ArtifactStore store = new ArtifactStore(deployer, BUCKET, "user-api");
        PackagingException e = assertThrows(PackagingException.class, () -> store.getJson("user-api/records/x.json"));
        assertEquals(PackagingException.Kind.ACCESS_DENIED, e.kind());
        assertTrue(e.getMessage().contains("S3 denied GetObject"), e.getMessage());
        assertTrue(e.getMessage().contains("not authorized to perform: s3:GetObject"), e.getMessage());
        assertFalse(e.getMessage().contains("SECRET"), "no secret ever appears in a message");
    }
}
