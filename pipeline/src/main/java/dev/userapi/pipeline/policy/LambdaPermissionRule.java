package dev.userapi.pipeline.policy;

import dev.userapi.pipeline.template.Intrinsics;
import dev.userapi.pipeline.template.Resource;
import dev.userapi.pipeline.template.Template;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

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
                + "service principal (*.amazonaws.com) also SourceAccount unless the SourceArn itself names the account: "
                + "an EventBridge rule, SNS topic, SQS queue or API Gateway ARN carries it (arn:...:events:REGION:"
                + "${AWS::AccountId}:rule/NAME, !GetAtt Rule.Arn, !Ref Topic), an S3 bucket ARN (arn:aws:s3:::NAME) never "
                + "does, and an account written as a wildcard names none. Principal \"*\" needs SourceArn or "
                + "PrincipalOrgID. Permissions granted to an account id or an IAM ARN name an identity, not a source, and "
                + "need neither. The same holds whatever FunctionName names: the function, or one of its aliases or versions "
                + "(!Ref Alias, !GetAtt Alias.AliasArn, !Ref Version), each of which carries its own resource policy.";
    }

    @Override
    public String why() {
        return "Without SourceArn, principal apigateway.amazonaws.com means \"any API Gateway API\", including one in "
                + "another account, can invoke the function; without SourceAccount a bucket of the same name in another "
                + "account qualifies (the confused deputy problem): bucket names are global and can be taken over once "
                + "deleted, and the bucket ARN does not say whose bucket it is. A rule, topic or API ARN that names the "
                + "account already pins it, which is why AWS documents SourceAccount for S3 and cfn-lint's W3663 asks for "
                + "it only there; where the ARN cannot name the account this rule stays strict.";
    }

    @Override
    public String fix() {
        return "Add SourceArn naming exactly the caller (for a REST API: arn:${AWS::Partition}:execute-api:${AWS::Region}:"
                + "${AWS::AccountId}:${Api}/*/METHOD/path) and, for S3 or an ARN without the account, SourceAccount: "
                + "!Ref AWS::AccountId.";
    }

    /** arn:PARTITION:SERVICE:REGION:ACCOUNT:..., the account 12 digits. */
    private static final Pattern ARN_ACCOUNT = Pattern.compile("arn:[^:]+:[^:]+:[^:]*:[0-9]{12}:.+");
    /** Types whose ARN has no account (S3 buckets): a Ref or GetAtt to them names no account. */
    private static final Set<String> ARN_WITHOUT_ACCOUNT = Set.of("AWS::S3::Bucket", "AWS::S3Express::DirectoryBucket");

    @Override
    public void check(Template template, Report report) {
        for (Resource r : template.resourcesOfType("AWS::Lambda::Permission").values()) {
            List<Object> props = List.of("Resources", r.logicalId(), "Properties");
            String principal = Nodes.flatText(r.property("Principal"));
            String shown = principal == null ? "(computed)" : principal;
            // Name what the permission is for: with aliases, "the function" may be an alias of it.
            LambdaTarget target = LambdaTarget.of(template, r.property("FunctionName"));
            String invoked = target == null || target.via() == null ? "the function" : target.describe();
            boolean identity = principal != null
                    && (principal.matches("[0-9]{12}") || principal.equals("${AWS::AccountId}") || principal.startsWith("arn:"));
            boolean everyone = "*".equals(principal);
            if (everyone && Nodes.absent(r.property("SourceArn")) && Nodes.absent(r.property("PrincipalOrgID"))) {
                report.add(r, Nodes.append(props, "Principal"), r.logicalId() + ": " + invoked + " is open to everyone: "
                        + "Principal \"*\" lets any account, and anonymous callers of a function URL, invoke it; add "
                        + "SourceArn naming the one caller, or PrincipalOrgID, or name the principal");
            } else if (!identity && !everyone && Nodes.absent(r.property("SourceArn"))) {
                report.add(r, Nodes.append(props, "Principal"), r.logicalId() + " lets " + shown
                        + " invoke " + invoked + " from any source: add SourceArn naming the one caller (e.g. the API's "
                        + "execute-api ARN with stage, method and path)");
            }
            if (isServicePrincipal(principal) && Nodes.absent(r.property("SourceAccount"))
                    && !namesAccount(template, r.property("SourceArn"))) {
                report.add(r, Nodes.append(props, "Principal"), r.logicalId() + " lets service principal " + shown
                        + " invoke " + invoked + " for any account"
                        + (Nodes.absent(r.property("SourceArn")) ? "" : ", and its SourceArn does not name the account (an S3 "
                        + "bucket ARN never does)") + ": add SourceAccount: !Ref AWS::AccountId");
            }
        }
    }

    /** Whether a SourceArn pins the caller's account by itself. */
    private static boolean namesAccount(Template template, Object sourceArn) {
        List<String> getAtt = Intrinsics.getAtt(sourceArn);
        String ref = Intrinsics.ref(sourceArn);
        String target = getAtt != null && !getAtt.isEmpty() ? getAtt.get(0) : ref;
        Resource resource = target == null ? null : template.resources().get(target);
        if (resource != null) {
            // A resource of this stack: its ARN carries this account unless its type's ARNs carry none.
            // !GetAtt X.Arn, or !Ref of a topic (a topic's Ref is its ARN); other attributes and Refs are names.
            boolean isArn = getAtt != null ? getAtt.size() == 2 && getAtt.get(1).equals("Arn") : resource.isType("AWS::SNS::Topic");
            return isArn && !ARN_WITHOUT_ACCOUNT.contains(resource.type());
        }
        String text = Nodes.flatText(sourceArn);
        if (text == null) {
            return false;
        }
        // ${AWS::AccountId} is this account; other placeholders (their "::" is no separator) are some value.
        String arn = text.replace("${AWS::AccountId}", "000000000000").replaceAll("\\$\\{[^}]*}", "x");
        return ARN_ACCOUNT.matcher(arn).matches();
    }

    static boolean isServicePrincipal(String principal) {
        return principal != null && (principal.endsWith(".amazonaws.com") || principal.endsWith(".amazonaws.com.cn")
                || principal.endsWith(".${AWS::URLSuffix}"));
    }
}
