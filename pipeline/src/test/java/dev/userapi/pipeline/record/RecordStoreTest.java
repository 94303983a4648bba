package dev.userapi.pipeline.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userapi.pipeline.changeset.Change;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordStoreTest {
    @TempDir
    Path dir;

    static DeployRecord record(String startedAt, DeployRecord.Result result) {
        return new DeployRecord(DeployRecord.VERSION, "user-api", "dev", "222222222222", "eu-west-1", "user-api-dev",
                "alice", "alice-0123456", "arn:aws:sts::222222222222:assumed-role/user-api-deployer/alice-0123456",
                "0123456789abcdef", new DeployRecord.ArtifactRef("ab".repeat(32), 42, "bucket", "user-api/artifacts/x.jar", true),
                "arn:cs", "deploy-0123456-1", "UPDATE", List.of(new Change("Modify", "Fn", "fn-1", "AWS::Lambda::Function", "False",
                List.of("Properties"), List.of("Properties.Code (Never, ParameterReference)"))),
                result, null, "UPDATE_COMPLETE", startedAt, startedAt, Map.of("execute", 1234L), Map.of("ApiUrl", "https://x"), null);
    }

    @Test
    void recordsRoundTripAndLatestMovesToTheNewest() throws Exception {
        RecordStore store = new RecordStore(dir);
        DeployRecord first = record("2026-01-01T10:00:00.123Z", DeployRecord.Result.SUCCEEDED);
        DeployRecord second = record("2026-01-02T10:00:00Z", DeployRecord.Result.NO_CHANGES);
        Path f1 = store.writeLocal(first);
        store.writeLocal(second);
        assertEquals("20260101T100000Z-0123456.json", f1.getFileName().toString());
        assertEquals(second, store.readLocalLatest("dev", "222222222222", "eu-west-1").orElseThrow());
        assertEquals(first, RecordStore.fromJson(Files.readString(f1), "f1"));
        assertTrue(store.readLocalLatest("prod", "444444444444", "eu-west-1").isEmpty());
        assertEquals("user-api/records/dev/222222222222-eu-west-1/latest.json", RecordStore.latestKey("user-api", "dev", "222222222222", "eu-west-1"));
        assertEquals("user-api/records/dev/222222222222-eu-west-1/20260101T100000Z-0123456.json", RecordStore.historyKey(first));
        assertTrue(second.deployed());
        assertTrue(!record("x", DeployRecord.Result.FAILED).deployed());
    }
}
