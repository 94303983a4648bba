package dev.userapi.pipeline.policy;

import dev.userapi.pipeline.template.Resource;
import dev.userapi.pipeline.template.Template;
import java.util.List;

/** Resource-based policies (key, bucket, queue, topic, API, ...) that admit everyone. */
public final class ResourcePolicyPublicRule implements Rule {

    @Override
    public String id() {
        return "resource-policy-public";
    }

    @Override
    public String title() {
        return "A resource-based policy is open to everyone";
    }

    @Override
    public String description() {
        return "In a resource-based policy (KMS key policy, S3 bucket and access point policy, SQS queue policy, SNS "
                + "topic policy, API Gateway RestApi Policy, Secrets Manager, ECR, EFS, Backup, OpenSearch), an Allow "
                + "whose principal is \"*\", {AWS: \"*\"} or {CanonicalUser: \"*\"}, or an Allow with NotPrincipal, "
                + "without a condition that narrows it: StringEquals, StringLike, ArnEquals, ArnLike or IpAddress (not "
                + "...IfExists, not ForAllValues) on " + String.join(", ", Principals.NARROWING_KEYS) + ", with values "
                + "that are not only wildcards. A Deny in the same policy for everyone, with the negated operator on such "
                + "a key and actions that cover the Allow's (the private API pattern: deny unless aws:SourceVpce), "
                + "narrows it too. Who the principal is "
                + "decides, not the actions: AWS's default key policy (this account's root with kms:* on \"*\") "
                + "delegates to the account's IAM policies and is not a finding.";
    }

    @Override
    public String why() {
        return "Principal \"*\" means any identity of any AWS account, and for S3, SQS, SNS and API Gateway also "
                + "anonymous callers: a key anyone may use to decrypt, a bucket anyone may read, a queue anyone may "
                + "fill. The identity policies of this account cannot take that back.";
    }

    @Override
    public String fix() {
        return "Name the principals (arn:${AWS::Partition}:iam::${AWS::AccountId}:root, a role ARN, a service "
                + "principal), or keep \"*\" and add a condition that names who may call, e.g. Condition: {StringEquals: "
                + "{aws:PrincipalOrgID: o-...}} or {StringEquals: {aws:SourceAccount: !Ref AWS::AccountId}}.";
    }

    /**
     * Whether denies for everyone but the named callers cover every action the allow grants, so the
     * allow reaches only them: a deny of s3:* unless aws:SourceVpce covers an allow of s3:GetObject,
     * a deny of s3:DeleteObject does not.
     */
    private static boolean deniedToOthers(Statement allow, List<Statement> denies) {
        List<String> actions = allow.texts("Action");
        if (actions.isEmpty() || allow.has("NotAction")) {
            return false;
        }
        return actions.stream().allMatch(action -> denies.stream()
                .anyMatch(deny -> deny.texts("Action").stream().anyMatch(d -> IamActions.covers(d, action))));
    }

    @Override
    public void check(Template template, Report report) {
        for (PolicyDocument doc : PolicyDocument.in(template)) {
            if (doc.kind() != PolicyDocument.Kind.RESOURCE) {
                continue;
            }
            List<Statement> statements = doc.statements();
            List<Statement> narrowingDenies = statements.stream().filter(s -> !s.isAllow()
                    && Principals.everyone(s) != null && Principals.deniedUnlessKey(s) != null).toList();
            for (Statement s : statements) {
                Located everyone = s.isAllow() ? Principals.everyone(s) : null;
                if (everyone == null || Principals.narrowingKey(s) != null || deniedToOthers(s, narrowingDenies)) {
                    continue;
                }
                Resource r = doc.resource();
                String subject = doc.subject();
                String who = s.has("NotPrincipal") ? "NotPrincipal (everyone but the listed principals)"
                        : "Principal \"*\"";
                report.add(r, everyone.path(), "in " + r.logicalId() + ", " + subject + " is open to everyone: " + who
                        + " with no condition naming who may call; name the principals, or add a condition such as "
                        + "StringEquals aws:PrincipalOrgID or aws:SourceAccount");
            }
        }
    }
}
