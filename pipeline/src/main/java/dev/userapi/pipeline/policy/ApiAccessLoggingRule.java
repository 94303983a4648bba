package dev.userapi.pipeline.policy;

import dev.userapi.pipeline.template.Resource;
import dev.userapi.pipeline.template.Template;
import java.util.List;
import java.util.Map;

/** API Gateway stages that keep no record of who called what. */
public final class ApiAccessLoggingRule implements Rule {

    @Override
    public String id() {
        return "apigateway-access-logging";
    }

    @Override
    public String title() {
        return "An API stage without access logging";
    }

    @Override
    public String description() {
        return "An AWS::ApiGateway::Stage without AccessLogSetting.DestinationArn, or an AWS::ApiGateway::Deployment "
                + "that creates its stage (StageName) without StageDescription.AccessLogSetting.DestinationArn.";
    }

    @Override
    public String why() {
        return "Without an access log nothing records who called which method when, or what it answered: an incident "
                + "cannot be traced to a caller, and AWS_IAM authorization loses half its value.";
    }

    @Override
    public String fix() {
        return "Add AccessLogSetting with DestinationArn (a log group of the stack with a retention) and a JSON Format "
                + "that has $context.requestId, $context.identity.userArn / caller, $context.httpMethod, "
                + "$context.resourcePath, $context.status and $context.responseLatency (never a body).";
    }

    @Override
    public void check(Template template, Report report) {
        for (Resource stage : template.resourcesOfType("AWS::ApiGateway::Stage").values()) {
            if (!logs(stage.property("AccessLogSetting"))) {
                report.add(stage, List.of("Resources", stage.logicalId()), stage.logicalId()
                        + " keeps no access log: add AccessLogSetting with DestinationArn and a JSON Format");
            }
        }
        for (Resource deployment : template.resourcesOfType("AWS::ApiGateway::Deployment").values()) {
            if (deployment.property("StageName") != null && !(deployment.property("StageDescription") instanceof Map<?, ?> d
                    && logs(d.get("AccessLogSetting")))) {
                report.add(deployment, List.of("Resources", deployment.logicalId(), "Properties", "StageName"), deployment.logicalId()
                        + " creates stage " + deployment.property("StageName") + " without an access log: add "
                        + "StageDescription.AccessLogSetting, or declare an AWS::ApiGateway::Stage with AccessLogSetting");
            }
        }
    }

    private static boolean logs(Object setting) {
        return setting instanceof Map<?, ?> s && s.get("DestinationArn") != null;
    }
}
