package dev.userapi.pipeline.changeset;

import dev.userapi.pipeline.template.Template;
import dev.userapi.pipeline.template.TemplateParser;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;

/**
 * What a deployed stack holds, read from CloudFormation: the template it runs ({@code GetTemplate},
 * as submitted) and each logical id's physical id ({@code ListStackResources}, every page).
 */
public final class DeployedStack {
    private DeployedStack() {
    }

    /** @param stackId the stack's ARN (or name); the template is labelled {@code NAME (deployed)} in messages */
    public static Template template(CloudFormationClient cfn, String stackId, String stackName) {
        String body = cfn.getTemplate(b -> b.stackName(stackId)).templateBody();
        return TemplateParser.parse(Path.of(stackName + " (deployed)"), body);
    }

    /** Logical id → physical id, in CloudFormation's order. */
    public static Map<String, String> physicalIds(CloudFormationClient cfn, String stackId) {
        Map<String, String> physical = new LinkedHashMap<>();
        String token = null;
        do {
            String next = token;
            var page = cfn.listStackResources(b -> b.stackName(stackId).nextToken(next));
            for (StackResourceSummary r : page.stackResourceSummaries()) {
                physical.put(r.logicalResourceId(), r.physicalResourceId());
            }
            // An empty NextToken (some endpoints send <NextToken/>) also means the last page.
            token = page.nextToken() == null || page.nextToken().isEmpty() ? null : page.nextToken();
        } while (token != null);
        return physical;
    }
}
