package dev.userapi.pipeline.packaging;

import java.nio.file.Path;

/**
 * A built artifact, identified by the SHA-256 of its bytes: the same hash is the same artifact in
 * every environment, which is what promotion relies on.
 *
 * @param sha256 lowercase hex
 */
public record Artifact(Path path, String sha256, long size) {

    public static Artifact of(Path path) {
        throw new UnsupportedOperationException("hashing is not built yet");
    }
}
