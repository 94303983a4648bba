package dev.userapi.pipeline.policy;

import dev.userapi.pipeline.template.Resource;
import dev.userapi.pipeline.template.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** API methods whose Lambda integration invokes a function, alias or version that no permission names. */
public final class ApiLambdaPermissionRule implements Rule {
    private static final Set<String> LAMBDA_INTEGRATIONS = Set.of("AWS_PROXY", "AWS");

    @Override
    public String id() {
        return "apigateway-lambda-permission";
    }

    @Override
    public String title() {
        return "An API method invokes a function, alias or version that no Lambda permission names";
    }

    @Override
    public String description() {
        return "An AWS::ApiGateway::Method with an AWS_PROXY or AWS integration whose Uri invokes a function of the template "
                + "(${F.Arn}), one of its aliases (${Alias}, ${Alias.AliasArn}, ${F.Arn}:NAME) or versions (${Version}), when "
                + "no AWS::Lambda::Permission for apigateway.amazonaws.com has a FunctionName naming that same ARN (!Ref or "
                + "!GetAtt of the function, alias or version, or such a !Sub). Methods are skipped when their Uri or a "
                + "permission's FunctionName takes another form (a literal name, !Join, another stack's function), since "
                + "what they name cannot be told from the template.";
    }

    @Override
    public String why() {
        return "Lambda applies a permission only to the ARN it was added for: a permission on the function does not let API "
                + "Gateway invoke its alias, nor one on the alias the function. The stack deploys without an error, and every "
                + "request to the method then fails with 500 (\"Execution failed due to configuration error: Invalid "
                + "permissions on Lambda function\") until the permission is corrected.";
    }

    @Override
    public String fix() {
        return "Give the permission the FunctionName the integration invokes: for Uri ...functions/${LiveAlias}/invocations, "
                + "FunctionName: !Ref LiveAlias (keeping SourceArn and SourceAccount).";
    }

    @Override
    public void check(Template template, Report report) {
        List<Resource> permissions = new ArrayList<>();
        for (Resource p : template.resourcesOfType("AWS::Lambda::Permission").values()) {
            String principal = Nodes.flatText(p.property("Principal"));
            if (!"apigateway.amazonaws.com".equals(principal) && !"apigateway.${AWS::URLSuffix}".equals(principal)) {
                continue;
            }
            if (LambdaTarget.of(template, p.property("FunctionName")) == null) {
                return; // a permission names something this rule cannot place: it might be the one a method needs
            }
            permissions.add(p);
        }
        for (Resource m : template.resourcesOfType("AWS::ApiGateway::Method").values()) {
            if (!(m.property("Integration") instanceof Map<?, ?> integration)
                    || !LAMBDA_INTEGRATIONS.contains(Nodes.flatText(integration.get("Type")))) {
                continue;
            }
            LambdaTarget invoked = LambdaTarget.ofIntegration(template, m);
            if (invoked == null) {
                continue;
            }
            List<String> elsewhere = new ArrayList<>();
            boolean covered = false;
            for (Resource p : permissions) {
                LambdaTarget named = LambdaTarget.of(template, p.property("FunctionName"));
                if (named.sameAs(invoked)) {
                    covered = true;
                } else if (named.function().equals(invoked.function())) {
                    elsewhere.add(p.logicalId() + " names " + named.describe());
                }
            }
            if (!covered) {
                report.add(m, List.of("Resources", m.logicalId(), "Properties", "Integration", "Uri"), m.logicalId() + " invokes "
                        + invoked.describe() + ", but no AWS::Lambda::Permission for apigateway.amazonaws.com names it"
                        + (elsewhere.isEmpty() ? "" : " (" + String.join(", ", elsewhere) + "; a permission covers only the "
                        + "function, alias or version it names)") + ": API Gateway would answer 500; set the permission's "
                        + "FunctionName to what the integration invokes");
            }
        }
    }
}
