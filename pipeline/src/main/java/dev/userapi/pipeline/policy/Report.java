package dev.userapi.pipeline.policy;

import dev.userapi.pipeline.template.Resource;
import dev.userapi.pipeline.template.Template;
import java.util.List;
import java.util.Map;

/**
 * Where one rule reports its findings on one template.
 *
 * <p>A finding about a resource honours a suppression in that resource's metadata, which must
 * give a reason, so that every accepted exception is written down next to what it excuses:
 * <pre>
 * Metadata:
 *   pipeline-validate:
 *     ignore:
 *       iam-wildcard-resource: "xray:PutTraceSegments has no resource-level permissions"
 * </pre>
 */
public final class Report {
    /** The metadata key that holds suppressions. */
    public static final String METADATA_KEY = "pipeline-validate";

    private final Template template;
    private final Rule rule;
    private final List<Finding> sink;

    public Report(Template template, Rule rule, List<Finding> sink) {
        this.template = template;
        this.rule = rule;
        this.sink = sink;
    }

    public Template template() {
        return template;
    }

    /** A finding at the line of {@code path} (or its deepest existing parent). */
    public void add(List<Object> path, String message) {
        add(template.line(path), message);
    }

    public void add(int line, String message) {
        sink.add(new Finding(template.file(), line, rule.id(), rule.level(), message));
    }

    /** A finding about {@code resource}, unless the resource suppresses this rule with a reason. */
    public void add(Resource resource, List<Object> path, String message) {
        if (!suppressed(resource)) {
            add(path, message);
        }
    }

    private boolean suppressed(Resource resource) {
        if (resource.definition().get("Metadata") instanceof Map<?, ?> metadata
                && metadata.get(METADATA_KEY) instanceof Map<?, ?> own
                && own.get("ignore") instanceof Map<?, ?> ignore
                && ignore.get(rule.id()) instanceof String reason) {
            return !reason.isBlank();
        }
        return false;
    }
}
