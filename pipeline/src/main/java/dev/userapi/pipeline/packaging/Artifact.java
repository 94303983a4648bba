package dev.userapi.pipeline.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A built artifact, identified by the SHA-256 of its bytes: the same hash is the same artifact in
 * every environment, which is what promotion relies on.
 *
 * @param sha256 lowercase hex, 64 characters
 */
public record Artifact(Path path, String sha256, long size) {
    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final String BUILD_HINT = "build it with ./mvnw -B -pl functions -am -DskipTests package"
            + " (it becomes functions/target/user-api-functions.jar), or pass --artifact PATH";

    public Artifact {
        if (!HEX_SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lowercase hex characters: " + sha256);
        }
    }

    /** Hashes the file as a stream, so a large jar never sits in memory. */
    public static Artifact of(Path path) {
        if (Files.isDirectory(path)) {
            throw new PackagingException(PackagingException.Kind.MISSING_ARTIFACT,
                    "artifact " + path + " is a directory, not a jar; " + BUILD_HINT);
        }
        MessageDigest digest = sha256Digest();
        long size = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(path)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
                size += n;
            }
        } catch (NoSuchFileException e) {
            throw new PackagingException(PackagingException.Kind.MISSING_ARTIFACT,
                    "no artifact at " + path + "; " + BUILD_HINT, e);
        } catch (IOException e) {
            throw new PackagingException(PackagingException.Kind.MISSING_ARTIFACT,
                    "cannot read artifact " + path + ": " + e.getMessage(), e);
        }
        if (size == 0) {
            throw new PackagingException(PackagingException.Kind.MISSING_ARTIFACT,
                    "artifact " + path + " is empty; " + BUILD_HINT);
        }
        return new Artifact(path, HexFormat.of().formatHex(digest.digest()), size);
    }

    /** The digest in base64, as S3's {@code x-amz-checksum-sha256} (ChecksumSHA256) wants it. */
    public String sha256Base64() {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256));
    }

    /** The first 12 hex digits, for progress lines. */
    public String shortSha() {
        return sha256.substring(0, 12);
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
