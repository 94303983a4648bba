package dev.userapi.pipeline.local;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * How to run `pipeline local`.
 *
 * @param artifact   the functions' code: one jar holding the handlers and everything they use
 * @param port       0 picks a free port
 * @param dataDir          where dynalite keeps its tables, or null for in memory
 * @param parameters       template parameter values that replace the defaults
 * @param dynamoDbEndpoint a DynamoDB-compatible endpoint to use instead of starting dynalite, or null
 * @param profile          the AWS profile whose credentials the functions use at that endpoint, or null
 */
public record LocalSettings(Path template, Path artifact, String host, int port, Path dataDir,
                            Map<String, String> parameters, URI dynamoDbEndpoint, String profile) {
    public LocalSettings {
        parameters = Map.copyOf(parameters);
    }
}
