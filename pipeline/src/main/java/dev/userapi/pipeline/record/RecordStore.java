package dev.userapi.pipeline.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.userapi.pipeline.packaging.ArtifactStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Where deploy records live: {@code .pipeline/records/} locally and, in the target's artifact bucket,
 * {@code ${app}/records/${env}/${account}-${region}/latest.json} plus one file per deploy named
 * {@code ${startedAt}-${shortSha}.json}, so the history survives and "latest" is one GET.
 */
public final class RecordStore {
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path localRoot;

    /** @param localRoot the local records directory, normally {@code .pipeline/records} */
    public RecordStore(Path localRoot) {
        this.localRoot = localRoot;
    }

    public static String toJson(DeployRecord r) {
        try {
            return JSON.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a deploy record must serialise", e);
        }
    }

    public static DeployRecord fromJson(String json, String where) {
        try {
            return JSON.readValue(json, DeployRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + " is not a deploy record: " + e.getOriginalMessage(), e);
        }
    }

    /** {@code ${env}/${account}-${region}}: the same relative layout locally and in S3. */
    static String targetPath(String env, String account, String region) {
        return env + "/" + account + "-" + region;
    }

    public static String latestKey(String app, String env, String account, String region) {
        return app + "/records/" + targetPath(env, account, region) + "/latest.json";
    }

    public static String historyKey(DeployRecord r) {
        return r.app() + "/records/" + targetPath(r.environment(), r.account(), r.region()) + "/" + historyName(r);
    }

    private static String historyName(DeployRecord r) {
        String stamp = r.startedAt().replace("-", "").replace(":", "").replaceAll("\\.\\d+", "");
        String sha = r.gitSha() == null || r.gitSha().length() < 7 ? "nogit" : r.gitSha().substring(0, 7);
        return stamp + "-" + sha + ".json";
    }

    /** Writes the record and moves {@code latest.json} to it; returns the history file. */
    public Path writeLocal(DeployRecord r) {
        Path dir = localRoot.resolve(targetPath(r.environment(), r.account(), r.region()));
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(historyName(r));
            Files.writeString(file, toJson(r), StandardCharsets.UTF_8);
            // Write-then-rename, so a reader never sees half a latest.json.
            Path tmp = Files.createTempFile(dir, "latest", ".tmp");
            Files.writeString(tmp, toJson(r), StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve("latest.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the deploy record under " + dir, e);
        }
    }

    public Optional<DeployRecord> readLocalLatest(String env, String account, String region) {
        Path file = localRoot.resolve(targetPath(env, account, region)).resolve("latest.json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(fromJson(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Uploads the record (history file, then latest.json) beside the artifact; returns the latest key. */
    public static String upload(ArtifactStore bucket, DeployRecord r) {
        byte[] json = toJson(r).getBytes(StandardCharsets.UTF_8);
        bucket.putJson(historyKey(r), json);
        String latest = latestKey(r.app(), r.environment(), r.account(), r.region());
        bucket.putJson(latest, json);
        return latest;
    }

    /** The target's latest record from its artifact bucket; empty when it has none yet. */
    public static Optional<DeployRecord> readLatest(ArtifactStore bucket, String app, String env, String account, String region) {
        String key = latestKey(app, env, account, region);
        return bucket.getJson(key).map(b -> fromJson(new String(b, StandardCharsets.UTF_8), "s3://" + bucket.bucket() + "/" + key));
    }
}
