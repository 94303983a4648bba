package dev.userapi.pipeline.packaging;

import software.amazon.awssdk.services.s3.S3Client;

/** The artifact bucket of one target: content-addressed artifacts and deploy records. */
public final class ArtifactStore {
    private final S3Client s3;
    private final String bucket;
    private final String app;

    public ArtifactStore(S3Client s3, String bucket, String app) {
        this.s3 = s3;
        this.bucket = bucket;
        this.app = app;
    }

    /** {@code ${app}/artifacts/${sha256}.jar}. */
    public String artifactKey(Artifact artifact) {
        return app + "/artifacts/" + artifact.sha256() + ".jar";
    }

    public S3Location ensureUploaded(Artifact artifact) {
        throw new UnsupportedOperationException("upload to s3://" + bucket + " is not built yet" + s3);
    }
}
