package dev.userapi.pipeline.packaging;

import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The artifact bucket of one target: content-addressed artifacts and deploy records.
 *
 * <p>An artifact's key is {@code ${app}/artifacts/${sha256}.jar}, so the key names the bytes: a
 * HeadObject tells whether this exact artifact is already there, and it is uploaded only if not.
 * Uploads carry the SHA-256 as {@code ChecksumSHA256}, so S3 itself refuses bytes that differ from
 * what was hashed (a jar rebuilt between hashing and upload).
 */
public final class ArtifactStore {
    static final String JAR_CONTENT_TYPE = "application/java-archive";
    static final String JSON_CONTENT_TYPE = "application/json";

    private final S3Client s3;
    private final String bucket;
    private final String app;
    private final String principal;

    public ArtifactStore(S3Client s3, String bucket, String app) {
        this(s3, bucket, app, null);
    }

    /** @param principal nullable: the identity writing (the assumed deployer role's ARN), named in access errors */
    public ArtifactStore(S3Client s3, String bucket, String app, String principal) {
        this.s3 = s3;
        this.bucket = bucket;
        this.app = app;
        this.principal = principal;
    }

    /** {@code ${app}/artifacts/${sha256}.jar}: the key names the bytes, so knowing it needs no bucket. */
    public static String artifactKey(String app, Artifact artifact) {
        return app + "/artifacts/" + artifact.sha256() + ".jar";
    }

    /** This store's key for {@code artifact}. */
    public String artifactKey(Artifact artifact) {
        return artifactKey(app, artifact);
    }

    /**
     * Makes sure the artifact is in the bucket: HeadObject, and PutObject only when it is missing.
     * An object already under the key must have the artifact's size (and SHA-256, when S3 has it);
     * anything else means the key was overwritten by something else, and nothing is deployed from it.
     */
    public S3Location ensureUploaded(Artifact artifact) {
        String key = artifactKey(artifact);
        Optional<HeadObjectResponse> existing = head(key);
        if (existing.isPresent()) {
            verify(existing.get(), artifact, key);
            return new S3Location(bucket, key, false);
        }
        PutObjectRequest request = PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentType(JAR_CONTENT_TYPE)
                .contentLength(artifact.size())
                .checksumSHA256(artifact.sha256Base64())
                .metadata(Map.of("sha256", artifact.sha256()))
                .build();
        try {
            s3.putObject(request, RequestBody.fromFile(artifact.path()));
        } catch (S3Exception e) {
            if ("BadDigest".equals(errorCode(e))) {
                throw new PackagingException(PackagingException.Kind.CORRUPT, "S3 refused " + artifact.path()
                        + ": its bytes no longer match the SHA-256 " + artifact.sha256() + " computed before the upload"
                        + " (was it rebuilt meanwhile?). Run the deploy again; nothing was deployed.", e);
            }
            throw failure(e, "PutObject", key);
        } catch (SdkClientException e) {
            throw network(e, "PutObject", key);
        }
        return new S3Location(bucket, key, true);
    }

    /** Writes a small JSON document (a deploy record) with its SHA-256 checksum. */
    public S3Location putJson(String key, byte[] json) {
        byte[] digest = Artifact.sha256Digest().digest(json);
        try {
            s3.putObject(PutObjectRequest.builder()
                    .bucket(bucket)
                    .key(key)
                    .contentType(JSON_CONTENT_TYPE)
                    .checksumSHA256(Base64.getEncoder().encodeToString(digest))
                    .build(), RequestBody.fromBytes(json));
        } catch (S3Exception e) {
            throw failure(e, "PutObject", key);
        } catch (SdkClientException e) {
            throw network(e, "PutObject", key);
        }
        return new S3Location(bucket, key, true);
    }

    /** A JSON document's bytes, or empty when there is no such key (no earlier deploy record). */
    public Optional<byte[]> getJson(String key) {
        try {
            ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
            return Optional.of(bytes.asByteArray());
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !"NoSuchBucket".equals(errorCode(e))) {
                return Optional.empty();
            }
            throw failure(e, "GetObject", key);
        } catch (SdkClientException e) {
            throw network(e, "GetObject", key);
        }
    }

    public String bucket() {
        return bucket;
    }

    /** HeadObject; empty on 404. HEAD errors have no body, so the status code is all there is to go on. */
    private Optional<HeadObjectResponse> head(String key) {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED)));
        } catch (S3Exception e) {
            // NoSuchKeyException, or a bare S3Exception with 404 from S3-compatible endpoints. A missing
            // bucket is also 404 on HEAD; the PutObject that follows then says NoSuchBucket clearly.
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure(e, "HeadObject", key);
        } catch (SdkClientException e) {
            throw network(e, "HeadObject", key);
        }
    }

    private void verify(HeadObjectResponse head, Artifact artifact, String key) {
        String stored = head.checksumSHA256();
        // A multipart upload's checksum is a checksum of part checksums ("...-N"); not comparable.
        boolean comparable = stored != null && !stored.contains("-");
        if (head.contentLength() != null && head.contentLength() != artifact.size()
                || comparable && !stored.equals(artifact.sha256Base64())) {
            throw new PackagingException(PackagingException.Kind.CORRUPT, location(key) + " does not hold the artifact"
                    + " its key names (size " + head.contentLength() + ", expected " + artifact.size()
                    + (comparable ? "; SHA-256 " + stored + ", expected " + artifact.sha256Base64() : "")
                    + "): something other than the pipeline wrote it. Delete that object (aws s3 rm " + location(key)
                    + ") and deploy again; nothing was deployed.");
        }
    }

    private PackagingException failure(S3Exception e, String operation, String key) {
        String code = errorCode(e);
        String said = e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                ? " (S3: " + e.awsErrorDetails().errorMessage() + ")" : "";
        String who = principal != null ? principal : "the deploying role";
        return switch (e.statusCode()) {
            case 403 -> "InvalidAccessKeyId".equals(code)
                    ? new PackagingException(PackagingException.Kind.AWS, "S3 does not recognise the credentials used for "
                    + operation + " on " + location(key) + said + "; log in again and retry.", e)
                    : new PackagingException(PackagingException.Kind.ACCESS_DENIED, "S3 denied " + operation + " on "
                    + location(key) + " to " + who + " (403)" + said + ". The deployer role needs s3:GetObject and"
                    + " s3:PutObject on arn:aws:s3:::" + bucket + "/" + app + "/* and s3:ListBucket on arn:aws:s3:::" + bucket
                    + " (without ListBucket, S3 answers 403 instead of 404 for a key that does not exist); the bootstrap"
                    + " stack grants these. Check also that the bucket belongs to the target account and its bucket policy.", e);
            case 404 -> new PackagingException(PackagingException.Kind.NO_BUCKET, "bucket " + bucket + " does not exist"
                    + said + ": bootstrap the target account first (pipeline bootstrap --env ENV) or correct artifactBucket"
                    + " in accounts.yaml.", e);
            case 301 -> new PackagingException(PackagingException.Kind.NO_BUCKET, "bucket " + bucket + " is in another region"
                    + " than this target" + said + "; each target needs the artifact bucket of its own region"
                    + " (artifactBucket in accounts.yaml, default ${app}-artifacts-${account}-${region}).", e);
            case 400 -> "ExpiredToken".equals(code) || code == null
                    ? new PackagingException(PackagingException.Kind.AWS, "S3 refused " + operation + " on " + location(key)
                    + " (400" + (code == null ? ", no detail: HEAD responses carry none" : ", " + code) + ")" + said
                    + "; this is almost always expired credentials: log in again and retry.", e)
                    : new PackagingException(PackagingException.Kind.AWS, operation + " on " + location(key) + " failed: "
                    + code + said, e);
            default -> new PackagingException(PackagingException.Kind.AWS, operation + " on " + location(key) + " failed with "
                    + e.statusCode() + (code == null ? "" : " " + code) + said + ".", e);
        };
    }

    private PackagingException network(SdkClientException e, String operation, String key) {
        // Network trouble, or credentials that could not be resolved before the request was sent.
        return new PackagingException(PackagingException.Kind.AWS, operation + " on " + location(key)
                + " failed before S3 answered: " + e.getMessage(), e);
    }

    private String location(String key) {
        return "s3://" + bucket + "/" + key;
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }
}
