package dev.userapi.pipeline.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.userapi.pipeline.changeset.Change;
import dev.userapi.pipeline.changeset.DeployException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * A reviewed plan: the change sets {@code plan --save} kept, and what the stacks looked like then, so
 * {@code deploy --plan} can execute exactly those change sets and refuse if anything moved since.
 *
 * @param allowReplace the --allow-replace ids the plan was made with (the review already accepted them)
 */
public record PlanFile(int version, String app, String environment, String gitSha, String actor, String createdAt,
                       String artifactSha256, long artifactSize, Set<String> allowReplace, List<PlannedTarget> targets) {

    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * @param stackStatus      the stack status when planned (REVIEW_IN_PROGRESS for a new stack)
     * @param stackChangedAt   LastUpdatedTime, or CreationTime for a stack never updated (ISO-8601)
     * @param artifactKey      the S3 key the change set's ArtifactKey parameter names
     */
    public record PlannedTarget(String label, String account, String region, String stackName, String stackId,
                                String changeSetId, String changeSetName, String changeSetType, String stackStatus,
                                String stackChangedAt, String artifactKey, Set<String> statefulIds, List<Change> changes) {
        public PlannedTarget {
            statefulIds = statefulIds == null ? Set.of() : Set.copyOf(statefulIds);
            changes = changes == null ? List.of() : List.copyOf(changes);
        }
    }

    public PlanFile {
        allowReplace = allowReplace == null ? Set.of() : Set.copyOf(allowReplace);
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    public void write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, JSON.writeValueAsString(this), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw DeployException.badInput("cannot write the plan file " + file + ": " + e.getMessage());
        }
    }

    public static PlanFile read(Path file) {
        PlanFile plan;
        try {
            plan = JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), PlanFile.class);
        } catch (NoSuchFileException e) {
            throw DeployException.badInput(file + ": no such plan file; make one with 'pipeline plan --env ENV --save " + file + "'");
        } catch (IOException e) {
            throw DeployException.badInput(file + ": not a plan file written by 'pipeline plan --save' ("
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()) + ")");
        }
        if (plan.version() != VERSION || plan.environment() == null || plan.targets().isEmpty() || plan.artifactSha256() == null) {
            throw DeployException.badInput(file + ": incomplete plan file (version " + plan.version()
                    + "); make a new one with 'pipeline plan --save'");
        }
        return plan;
    }
}
