package dev.userapi.pipeline.policy;

import dev.userapi.pipeline.template.ApiDeployments;
import dev.userapi.pipeline.template.Resource;
import dev.userapi.pipeline.template.Template;
import java.util.List;

/** API Gateway deployments whose logical id does not carry the hash of their API's current routes. */
public final class ApiDeploymentRule implements Rule {

    @Override
    public String id() {
        return "apigateway-deployment-current";
    }

    @Override
    public String title() {
        return "An API Gateway deployment that would not deploy the current routes";
    }

    @Override
    public String description() {
        return "An AWS::ApiGateway::Deployment of a RestApi in the same template whose logical id does not end with the "
                + "first 10 hex digits of the SHA-256 of that API's definition (the RestApi's properties and its "
                + "resources, methods, authorizers, models, validators, gateway responses and documentation parts).";
    }

    @Override
    public String why() {
        return "CloudFormation makes a new deployment only when the Deployment resource is replaced, i.e. gets a new "
                + "logical id. Under a fixed id, a new or changed route is created in the API but never reaches the "
                + "stage: callers keep the old routes, with no error anywhere.";
    }

    @Override
    public String fix() {
        return "Rename the Deployment to the logical id the finding names, and every !Ref to it (the Stage's "
                + "DeploymentId). The deploy then creates the new deployment and moves the stage to it in one change set.";
    }

    @Override
    public void check(Template template, Report report) {
        for (Resource deployment : template.resourcesOfType("AWS::ApiGateway::Deployment").values()) {
            ApiDeployments.restApiOf(template, deployment).ifPresent(api -> {
                String expected = ApiDeployments.expectedId(template, deployment, api);
                if (!expected.equals(deployment.logicalId())) {
                    report.add(deployment, List.of("Resources", deployment.logicalId()), deployment.logicalId()
                            + " does not match " + api + "'s routes as they are now, so a deploy would leave the stage on "
                            + "an old deployment: rename it to " + expected + " (and the Stage's DeploymentId: !Ref "
                            + expected + ")");
                }
            });
        }
    }
}
