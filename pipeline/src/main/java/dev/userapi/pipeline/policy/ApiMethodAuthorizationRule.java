package dev.userapi.pipeline.policy;

import dev.userapi.pipeline.template.Resource;
import dev.userapi.pipeline.template.Template;
import java.util.List;

/** API Gateway methods that anyone on the internet may call. */
public final class ApiMethodAuthorizationRule implements Rule {

    @Override
    public String id() {
        return "apigateway-method-auth";
    }

    @Override
    public String title() {
        return "An API method without authorization";
    }

    @Override
    public String description() {
        return "An AWS::ApiGateway::Method whose AuthorizationType is NONE or absent (CloudFormation's default is NONE). "
                + "OPTIONS methods are exempt: browsers send CORS preflight requests unsigned. A method that is public "
                + "on purpose carries a written waiver: Metadata: {" + Report.METADATA_KEY + ": {ignore: {" + "apigateway-method-auth"
                + ": \"why\"}}}.";
    }

    @Override
    public String why() {
        return "Anyone who finds the URL can call the method, and the access log can say only which IP did; for a "
                + "method that writes or deletes, that is the whole data set.";
    }

    @Override
    public String fix() {
        return "Set AuthorizationType: AWS_IAM and give callers an execute-api:Invoke grant on the method's ARN (or use "
                + "COGNITO_USER_POOLS or a CUSTOM authorizer), or write the waiver in the method's Metadata.";
    }

    @Override
    public void check(Template template, Report report) {
        for (Resource m : template.resourcesOfType("AWS::ApiGateway::Method").values()) {
            if (m.property("HttpMethod") instanceof String verb && verb.equalsIgnoreCase("OPTIONS")) {
                continue;
            }
            Object auth = m.property("AuthorizationType");
            if (auth == null || "NONE".equals(auth)) {
                List<Object> at = auth == null ? List.of("Resources", m.logicalId())
                        : List.of("Resources", m.logicalId(), "Properties", "AuthorizationType");
                report.add(m, at, m.logicalId() + " lets anyone call it (AuthorizationType " + (auth == null ? "absent, i.e. NONE"
                        : "NONE") + "): use AWS_IAM (or an authorizer), or waive it in Metadata with the reason");
            }
        }
    }
}
