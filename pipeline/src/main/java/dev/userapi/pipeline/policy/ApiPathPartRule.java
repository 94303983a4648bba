package dev.userapi.pipeline.policy;

import dev.userapi.pipeline.template.ApiGatewayPathPart;
import dev.userapi.pipeline.template.Resource;
import dev.userapi.pipeline.template.Template;
import java.util.List;

/** API Gateway resources whose PathPart API Gateway refuses at deploy time. */
public final class ApiPathPartRule implements Rule {

    @Override
    public String id() {
        return "apigateway-path-part";
    }

    @Override
    public String title() {
        return "An API Gateway PathPart that API Gateway refuses";
    }

    @Override
    public String description() {
        return "An AWS::ApiGateway::Resource whose literal PathPart is not one segment of a-z A-Z 0-9 . _ - : nor a "
                + "path variable {name} or greedy {name+} (a space, a slash, '$', a brace in the middle ...). A PathPart "
                + "computed by an intrinsic function is not checked here; pipeline local checks its value.";
    }

    @Override
    public String why() {
        return "CreateResource refuses such a path with a BadRequestException only once CloudFormation is creating the "
                + "stack, which then rolls back; a first create is left in ROLLBACK_COMPLETE and must be deleted.";
    }

    @Override
    public String fix() {
        return "Use only the allowed characters (e.g. map-tiles instead of 'map tiles'), or make the segment a path "
                + "variable {name} and read it from pathParameters.";
    }

    @Override
    public void check(Template template, Report report) {
        for (Resource r : template.resourcesOfType("AWS::ApiGateway::Resource").values()) {
            if (r.property("PathPart") instanceof String part) {
                ApiGatewayPathPart.problem(part).ifPresent(problem -> report.add(r,
                        List.of("Resources", r.logicalId(), "Properties", "PathPart"), r.logicalId() + ": " + problem));
            }
        }
    }
}
