package dev.userapi.pipeline.deploy;

import dev.userapi.pipeline.changeset.AwsErrors;
import dev.userapi.pipeline.changeset.DeployException;
import dev.userapi.pipeline.execrole.BootstrapPolicy;
import dev.userapi.pipeline.execrole.DerivedPolicy;
import dev.userapi.pipeline.execrole.ExecRoleException;
import dev.userapi.pipeline.template.Template;
import dev.userapi.pipeline.template.TemplateException;
import dev.userapi.pipeline.template.TemplateParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;

/**
 * What {@code pipeline plan} checks in the target account before any change: that the execution role
 * deployed there can manage every resource type of the app template. The role is the bootstrap
 * stack's ({@code APP-bootstrap}); its policy is read from that stack's template as CloudFormation holds
 * it ({@code GetTemplate}, which the deployer role may call on that stack and on no other action of it),
 * and compared with the policy derived from the app template, type by type.
 *
 * <p>A bootstrap stack that is missing or unreadable (an account bootstrapped another way, an
 * endpoint without GetTemplate) is a warning, not a refusal: the check then cannot tell, and the
 * change set would fail with CloudFormation's own AccessDenied.
 */
final class DeployedExecutionRole {

    private DeployedExecutionRole() {
    }

    /**
     * @return a warning to print when the deployed role could not be read; empty when it was read and suffices
     * @throws DeployException refused, naming each type, its missing actions and {@code pipeline bootstrap --env ENV}
     */
    static Optional<String> check(CloudFormationClient cfn, String app, String environment, String label, DerivedPolicy derived) {
        String stack = app + "-bootstrap";
        String body;
        try {
            body = cfn.getTemplate(b -> b.stackName(stack).templateStage(TemplateStage.ORIGINAL)).templateBody();
        } catch (AwsServiceException e) {
            return Optional.of("cannot read the execution role deployed in " + label + " (GetTemplate on " + stack + ": "
                    + (AwsErrors.isMissingStack(e) ? "no such stack" : AwsErrors.code(e)) + "); not checked before the change set");
        }
        Map<String, List<String>> missing;
        try {
            Template bootstrap = TemplateParser.parse(Path.of(stack + " (deployed)"), body == null ? "" : body);
            if (!bootstrap.resources().containsKey(BootstrapPolicy.EXEC_ROLE)) {
                return Optional.of(stack + " in " + label + " has no " + BootstrapPolicy.EXEC_ROLE + "; the execution role was not checked");
            }
            missing = BootstrapPolicy.missing(derived, bootstrap);
        } catch (TemplateException | ExecRoleException e) {
            return Optional.of("cannot read the execution role of " + stack + " in " + label + ": " + e.getMessage());
        }
        if (!missing.isEmpty()) {
            throw DeployException.refused("the execution role deployed in " + label + " (stack " + stack + ") cannot manage what the "
                    + "app template now holds: " + missing.entrySet().stream()
                    .map(m -> m.getKey() + " needs " + String.join(", ", m.getValue())).collect(Collectors.joining("; "))
                    + "; run pipeline bootstrap --env " + environment + " with the account's administrator credentials first");
        }
        return Optional.empty();
    }
}
