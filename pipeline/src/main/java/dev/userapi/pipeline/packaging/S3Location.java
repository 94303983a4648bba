package dev.userapi.pipeline.packaging;

/**
 * Where an artifact lives in the artifact bucket.
 *
 * @param uploaded true when this run uploaded it; false when the same bytes were already there
 */
public record S3Location(String bucket, String key, boolean uploaded) {
}
