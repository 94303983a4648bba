package dev.userapi.pipeline.local;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to run `pipeline local`.
 *
 * @param artifact   the functions' code: one jar holding the handlers and everything they use
 * @param port       0 picks a free port
 * @param dataDir    where DynamoDB Local keeps its tables, or null for in memory
 * @param parameters template parameter values that replace the defaults
 */
public record LocalSettings(Path template, Path artifact, String host, int port, Path dataDir,
                            Map<String, String> parameters) {
    public LocalSettings {
        parameters = Map.copyOf(parameters);
    }
}
