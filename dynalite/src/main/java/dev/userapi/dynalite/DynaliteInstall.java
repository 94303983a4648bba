package dev.userapi.dynalite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * dynalite installed once per machine into a cache the user can see and delete:
 * {@code $PIPELINE_CACHE_DIR}, else {@code $XDG_CACHE_HOME/user-api}, else {@code ~/.cache/user-api}, in
 * {@code dynalite-<hash>/} where the hash covers {@code package-lock.json} and {@code serve.js}.
 *
 * <p>The versions and integrity hashes are those of the {@code package-lock.json} shipped in this jar,
 * installed with {@code npm ci}, which refuses any package whose hash differs. Install scripts are not
 * run ({@code --ignore-scripts}): the one package that has one, classic-level, ships prebuilt LevelDB
 * binaries that it loads at run time, so nothing is compiled and no downloaded script runs. The install
 * happens in a temporary directory that is renamed into place when complete, so a second process
 * (a test run beside {@code pipeline local}) either sees a whole install or makes its own.
 */
final class DynaliteInstall {
    static final String RESOURCES = "/dev/userapi/dynalite/";
    static final List<String> FILES = List.of("package.json", "package-lock.json", "serve.js");
    private static final String COMPLETE = ".complete";

    private DynaliteInstall() {
    }

    /** The cache directory for this user, from the environment as described above. */
    static Path cacheRoot(Map<String, String> env, String userHome) {
        String explicit = env.get("PIPELINE_CACHE_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "user-api");
        }
        return Path.of(userHome, ".cache", "user-api");
    }

    /** Where this jar's pinned dynalite lives under {@code cacheRoot}. */
    static Path installDir(Path cacheRoot) {
        return cacheRoot.resolve("dynalite-" + fingerprint());
    }

    /**
     * The directory holding {@code serve.js} and {@code node_modules/dynalite}, installing it first when
     * it is not there yet.
     *
     * @param progress told, once, that npm is installing and where
     * @throws DynaliteException {@link DynaliteException.Kind#INSTALL_FAILED} when npm fails or the cache is not writable
     */
    static Path ensure(Path cacheRoot, NodeJs node, Consumer<String> progress) {
        Path dir = installDir(cacheRoot);
        if (Files.isRegularFile(dir.resolve(COMPLETE))) {
            return dir;
        }
        progress.accept("installing dynalite (npm ci, pinned by package-lock.json) into " + dir + "; once per machine");
        Path temp = cacheRoot.resolve(".dynalite-" + UUID.randomUUID() + ".tmp");
        try {
            Files.createDirectories(temp);
            for (String name : FILES) {
                Files.write(temp.resolve(name), resource(name));
            }
            npmCi(node, temp);
            Files.writeString(temp.resolve(COMPLETE), node.version() + "\n");
            if (Files.exists(dir)) {
                // A half-made directory from an interrupted older layout: replace it.
                deleteTree(dir);
            }
            try {
                Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // Another process finished first; its install is the same files.
                deleteTree(temp);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, dir);
            }
            return dir;
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new DynaliteException(DynaliteException.Kind.INSTALL_FAILED, "cannot install dynalite into " + dir + ": "
                    + e.getMessage() + "; make the directory writable or set PIPELINE_CACHE_DIR to one that is", e);
        } catch (DynaliteException e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    private static void npmCi(NodeJs node, Path dir) throws IOException {
        List<String> command = List.of(node.npm(), "ci", "--ignore-scripts", "--omit=dev", "--no-audit", "--no-fund",
                "--loglevel=error");
        Path log = dir.resolve("npm-ci.log");
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new DynaliteException(DynaliteException.Kind.NODE_MISSING, "cannot run `" + node.npm()
                    + "` to install dynalite (" + e.getMessage() + "); " + NodeJs.ALTERNATIVES, e);
        }
        try {
            p.getOutputStream().close();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new DynaliteException(DynaliteException.Kind.INSTALL_FAILED,
                        "`npm ci` did not finish installing dynalite within 10 minutes; is the npm registry reachable?");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DynaliteException(DynaliteException.Kind.INSTALL_FAILED, "interrupted while installing dynalite", e);
        }
        if (p.exitValue() != 0) {
            String output = Files.readString(log, StandardCharsets.UTF_8).strip();
            throw new DynaliteException(DynaliteException.Kind.INSTALL_FAILED, "`" + String.join(" ", command)
                    + "` failed (exit " + p.exitValue() + ") installing dynalite: " + tail(output, 2000));
        }
        if (!Files.isRegularFile(dir.resolve("node_modules/dynalite/package.json"))) {
            throw new DynaliteException(DynaliteException.Kind.INSTALL_FAILED,
                    "`npm ci` succeeded but left no node_modules/dynalite in " + dir);
        }
    }

    /** The first 12 hex digits of the SHA-256 of the files that make an install. */
    static String fingerprint() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String name : FILES) {
                sha.update(resource(name));
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    static byte[] resource(String name) {
        try (InputStream in = DynaliteInstall.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCES + name + " is missing from the dynalite launcher's jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(String text, int max) {
        return text.length() <= max ? text : "..." + text.substring(text.length() - max);
    }

    private static void deleteQuietly(Path dir) {
        try {
            deleteTree(dir);
        } catch (IOException ignored) {
            // Leftovers are named *.tmp in the cache and harmless; the error that matters is already thrown.
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
