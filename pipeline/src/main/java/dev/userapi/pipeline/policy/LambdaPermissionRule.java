package dev.userapi.pipeline.policy;

import dev.userapi.pipeline.template.Intrinsics;
import dev.userapi.pipeline.template.Resource;
import dev.userapi.pipeline.template.Template;
import java.util.List;

/** Lambda resource policies that do not say which source may invoke the function. */
public final class LambdaPermissionRule implements Rule {

    @Override
    public String id() {
        return "lambda-permission-source";
    }

    @Override
    public String title() {
        return "A Lambda permission does not pin its source";
    }

    @Override
    public String description() {
        return "An AWS::Lambda::Permission needs SourceArn (the API, bucket, rule or topic that may invoke), and for a "
                + "service principal (*.amazonaws.com) also SourceAccount. Permissions granted to an account id or an IAM "
                + "ARN name an identity, not a source, and need neither.";
    }

    @Override
    public String why() {
        return "Without SourceArn, principal apigateway.amazonaws.com means \"any API Gateway API\", including one in "
                + "another account, can invoke the function; without SourceAccount a bucket or API of the same name in "
                + "another account qualifies (the confused deputy problem).";
    }

    @Override
    public String fix() {
        return "Add SourceArn naming exactly the caller (for a REST API: arn:${AWS::Partition}:execute-api:${AWS::Region}:"
                + "${AWS::AccountId}:${Api}/*/METHOD/path) and SourceAccount: !Ref AWS::AccountId.";
    }

    @Override
    public void check(Template template, Report report) {
        for (Resource r : template.resourcesOfType("AWS::Lambda::Permission").values()) {
            List<Object> props = List.of("Resources", r.logicalId(), "Properties");
            String principal = "AWS::AccountId".equals(Intrinsics.ref(r.property("Principal")))
                    ? "${AWS::AccountId}" : Nodes.textOrSub(r.property("Principal"));
            String shown = principal == null ? "(computed)" : principal;
            boolean identity = principal != null
                    && (principal.matches("[0-9]{12}") || principal.equals("${AWS::AccountId}") || principal.startsWith("arn:"));
            if (!identity && Nodes.absent(r.property("SourceArn"))) {
                report.add(r, Nodes.append(props, "Principal"), r.logicalId() + " lets " + shown
                        + " invoke the function from any source: add SourceArn naming the one caller (e.g. the API's "
                        + "execute-api ARN with stage, method and path)");
            }
            if (isServicePrincipal(principal) && Nodes.absent(r.property("SourceAccount"))) {
                report.add(r, Nodes.append(props, "Principal"), r.logicalId() + " lets service principal " + shown
                        + " invoke the function for any account: add SourceAccount: !Ref AWS::AccountId");
            }
        }
    }

    static boolean isServicePrincipal(String principal) {
        return principal != null && (principal.endsWith(".amazonaws.com") || principal.endsWith(".amazonaws.com.cn")
                || principal.endsWith(".${AWS::URLSuffix}"));
    }
}
