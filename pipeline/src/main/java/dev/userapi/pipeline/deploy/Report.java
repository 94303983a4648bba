package dev.userapi.pipeline.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.userapi.pipeline.progress.ChangeTable;
import java.util.List;
import java.util.TreeMap;

/**
 * What a command did, for {@code --output json} and the Markdown step summary.
 *
 * @param result the overall outcome; the worst target's, or the command's success
 */
public record Report(String command, String app, String environment, Outcome result, String message,
                     String gitSha, String actor, String artifactSha256, String artifactPath, List<TargetReport> targets) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Report {
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    public String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** GitHub-flavoured Markdown: a line per target, then each target's changes, outputs and record. */
    public String markdown() {
        StringBuilder s = new StringBuilder();
        s.append("### pipeline ").append(command).append(environment == null ? "" : " " + environment).append(": ")
                .append(result).append("\n\n");
        if (message != null && !message.isBlank()) {
            s.append(message.strip()).append("\n\n");
        }
        if (gitSha != null || artifactSha256 != null) {
            s.append("git `").append(gitSha).append("` by ").append(actor)
                    .append(artifactSha256 == null ? "" : ", artifact sha256 `" + artifactSha256 + "`").append("\n\n");
        }
        if (!targets.isEmpty()) {
            s.append("| Target | Stack | Result | Change set | Reason |\n|---|---|---|---|---|\n");
            for (TargetReport t : targets) {
                s.append("| ").append(t.label()).append(" | `").append(t.stackName()).append("` | ").append(t.result())
                        .append(" | ").append(t.changeSetName() == null ? "-" : "`" + t.changeSetName() + "`")
                        .append(" | ").append(t.reason() == null ? "" : t.reason().replace("|", "\\|").replace("\n", " "))
                        .append(" |\n");
            }
            for (TargetReport t : targets) {
                s.append("\n#### ").append(t.label()).append("\n\n");
                s.append(ChangeTable.markdown(t.changes()));
                if (!t.outputs().isEmpty()) {
                    s.append("\n| Output | Value |\n|---|---|\n");
                    new TreeMap<>(t.outputs()).forEach((k, v) -> s.append("| ").append(k).append(" | `").append(v).append("` |\n"));
                }
                if (t.recordKey() != null) {
                    s.append("\nrecord: `").append(t.recordKey()).append("`\n");
                }
            }
        }
        return s.toString();
    }

    /** The same report with another overall outcome. */
    public Report withOutcome(Outcome outcome) {
        return new Report(command, app, environment, outcome, message, gitSha, actor, artifactSha256, artifactPath, targets);
    }

    /** A command stopped before any target ran. */
    public static Report failure(String command, String environment, Outcome outcome, String message) {
        return new Report(command, null, environment, outcome, message, null, null, null, null, List.of());
    }

    /** The JSON of this report with {@code exitCode} beside {@code result}: what {@code --output json} prints. */
    public String json(int exitCode) {
        var tree = JSON.valueToTree(this);
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree).put("exitCode", exitCode);
        try {
            return JSON.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
