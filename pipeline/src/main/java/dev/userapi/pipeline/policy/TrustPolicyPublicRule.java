package dev.userapi.pipeline.policy;

import dev.userapi.pipeline.template.Resource;
import dev.userapi.pipeline.template.Template;

/** Roles whose trust policy lets any AWS identity assume them. */
public final class TrustPolicyPublicRule implements Rule {

    @Override
    public String id() {
        return "iam-trust-anyone";
    }

    @Override
    public String title() {
        return "A role can be assumed by anyone";
    }

    @Override
    public String description() {
        return "An AWS::IAM::Role whose AssumeRolePolicyDocument has an Allow with Principal \"*\" or {AWS: \"*\"} (or "
                + "NotPrincipal) and no condition naming the callers (StringEquals, StringLike, ArnEquals, ArnLike or "
                + "IpAddress, not ...IfExists, on " + String.join(", ", Principals.NARROWING_KEYS)
                + ", values not only wildcards). sts:ExternalId alone "
                + "does not count: it is a value shared with a third party, not a name of the caller.";
    }

    @Override
    public String why() {
        return "{AWS: \"*\"} is every IAM user and role of every AWS account: anyone who can call sts:AssumeRole gets "
                + "the role's permissions. The role's own policies do not matter any more; whoever finds its ARN is in.";
    }

    @Override
    public String fix() {
        return "Name the accounts or roles that may assume the role (Principal: {AWS: arn:${AWS::Partition}:iam::"
                + "ACCOUNT:role/NAME}), or add Condition: {StringEquals: {aws:PrincipalOrgID: o-...}} or "
                + "{StringEquals: {aws:PrincipalAccount: ACCOUNT}}.";
    }

    @Override
    public void check(Template template, Report report) {
        for (Statement s : PolicyDocument.allows(template, PolicyDocument.Kind.TRUST)) {
            Located everyone = Principals.everyone(s);
            if (everyone == null || Principals.narrowingKey(s) != null) {
                continue;
            }
            Resource role = s.document().resource();
            report.add(role, everyone.path(), role.logicalId() + " can be assumed by anyone: its trust policy allows "
                    + (s.has("NotPrincipal") ? "NotPrincipal (everyone but the listed principals)" : "{AWS: \"*\"}")
                    + " with no condition naming the callers; name the accounts or roles that may assume it, or add "
                    + "StringEquals aws:PrincipalOrgID or aws:PrincipalAccount");
        }
    }
}
