package dev.userapi.pipeline.policy;

import dev.userapi.pipeline.template.Resource;
import dev.userapi.pipeline.template.Template;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Grants to call an API that name no method. */
public final class ApiInvokeScopeRule implements Rule {

    @Override
    public String id() {
        return "apigateway-invoke-scope";
    }

    @Override
    public String title() {
        return "execute-api:Invoke on every API, or on a whole API of the template";
    }

    @Override
    public String description() {
        return "An identity-based Allow (role, user or group policy, managed policy) of execute-api:Invoke whose Resource is "
                + "\"*\", or an execute-api ARN of an API of this template (a Ref to an AWS::ApiGateway::RestApi) in which "
                + "everything after the API id is wildcards (API/*, API/*/*/*): its methods can be named instead.";
    }

    @Override
    public String why() {
        return "Reading and writing are separate grants only if each names its methods: a grant on the whole API lets a "
                + "reporting job that should only GET also POST and DELETE, and every route added later is granted too.";
    }

    @Override
    public void check(Template template, Report report) {
        for (Statement s : PolicyDocument.allows(template, PolicyDocument.Kind.IDENTITY)) {
            if (s.texts("Action").stream().noneMatch(ApiInvokeScopeRule::grantsInvoke)) {
                continue;
            }
            Resource holder = s.document().resource();
            for (Located r : s.values("Resource")) {
                String arn = Nodes.textOrSub(r.value());
                if ("*".equals(arn)) {
                    report.add(holder, r.path(), holder.logicalId() + " may call every API of the account (execute-api:Invoke on "
                            + "\"*\"): name the methods, e.g. arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:"
                            + "${Api}/${Stage}/GET/users/*");
                } else if (arn != null && wholeApiOfTemplate(template, arn)) {
                    report.add(holder, r.path(), holder.logicalId() + " may call every method of " + apiPart(arn).split("/")[0]
                            + " (" + arn + "): name the stage, method and path, e.g. .../${Stage}/GET/users/*");
                }
            }
        }
    }

    @Override
    public String fix() {
        return "Grant one statement per role of caller, each naming its methods: .../${Api}/${Stage}/GET/users/* for "
                + "readers, .../POST/users and .../DELETE/users/* for writers.";
    }

    private static boolean grantsInvoke(String action) {
        String a = action.toLowerCase(Locale.ROOT);
        return a.equals("execute-api:invoke") || a.equals("execute-api:*") || a.equals("*");
    }

    /** What follows the account in the ARN; pseudo parameters such as ${AWS::Region} hold colons of their own. */
    private static String apiPart(String arn) {
        String[] parts = arn.replaceAll("\\$\\{AWS::[A-Za-z]+}", "x").split(":", 6);
        return parts.length == 6 ? parts[5] : "";
    }

    /** {@code arn:...:execute-api:...:${Api}/*} where Api is a RestApi of the template and the rest is all wildcards. */
    private static boolean wholeApiOfTemplate(Template template, String arn) {
        if (!arn.contains(":execute-api:")) {
            return false;
        }
        String[] segments = apiPart(arn).split("/", -1);
        String api = segments[0];
        if (!(api.startsWith("${") && api.endsWith("}"))) {
            return false;
        }
        String logicalId = api.substring(2, api.length() - 1);
        Resource r = template.resources().get(logicalId);
        if (r == null || !r.isType("AWS::ApiGateway::RestApi")) {
            return false;
        }
        return Arrays.stream(segments).skip(1).allMatch(seg -> seg.equals("*") || seg.isEmpty());
    }
}
