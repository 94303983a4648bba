package dev.userapi.pipeline.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactTest {

    @Test
    void hashesKnownBytesToTheirPublishedDigest(@TempDir Path dir) throws Exception {
        Path jar = Files.writeString(dir.resolve("abc.jar"), "abc", StandardCharsets.US_ASCII);
        Artifact a = Artifact.of(jar);
        // FIPS 180-2, appendix B.1.
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", a.sha256());
        assertEquals("ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=", a.sha256Base64());
        assertEquals(3, a.size());
        assertEquals("ba7816bf8f01", a.shortSha());
    }

    @Test
    void streamsFilesLargerThanItsBuffer(@TempDir Path dir) throws Exception {
        byte[] million = new byte[1_000_000];
        java.util.Arrays.fill(million, (byte) 'a');
        Artifact a = Artifact.of(Files.write(dir.resolve("big.jar"), million));
        // FIPS 180-2, appendix B.3: one million 'a'.
        assertEquals("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", a.sha256());
        assertEquals(1_000_000, a.size());
    }

    @Test
    void aMissingArtifactSaysHowToBuildIt(@TempDir Path dir) {
        PackagingException e = assertThrows(PackagingException.class, () -> Artifact.of(dir.resolve("user-api-functions.jar")));
        assertEquals(PackagingException.Kind.MISSING_ARTIFACT, e.kind());
        assertTrue(e.getMessage().contains("no artifact at " + dir.resolve("user-api-functions.jar")), e.getMessage());
        assertTrue(e.getMessage().contains("./mvnw -B -pl functions -am -DskipTests package"), e.getMessage());
    }

    @Test
    void directoriesAndEmptyFilesAreNotArtifacts(@TempDir Path dir) throws Exception {
        assertEquals(PackagingException.Kind.MISSING_ARTIFACT, assertThrows(PackagingException.class, () -> Artifact.of(dir)).kind());
        Path empty = Files.createFile(dir.resolve("empty.jar"));
        PackagingException e = assertThrows(PackagingException.class, () -> Artifact.of(empty));
        assertTrue(e.getMessage().contains("is empty"), e.getMessage());
    }

    @Test
    void theRecordOnlyHoldsAWellFormedDigest() {
        assertThrows(IllegalArgumentException.class, () -> new Artifact(Path.of("x.jar"), "ABC", 1));
    }
}
