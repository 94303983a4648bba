package dev.userapi.pipeline.policy;

import dev.userapi.pipeline.template.Resource;
import dev.userapi.pipeline.template.Template;
import java.util.regex.Pattern;

/** Allow statements that grant every action, or every action of a service. */
public final class WildcardActionRule implements Rule {
    /** "service:*" (also "service:**"): every action of one service. */
    private static final Pattern SERVICE_WIDE = Pattern.compile("[^:]+:\\*+");

    @Override
    public String id() {
        return "iam-wildcard-action";
    }

    @Override
    public String title() {
        return "An IAM statement allows \"*\" or \"service:*\"";
    }

    @Override
    public String description() {
        return "In any policy (identity, trust, resource-based, permissions boundary), an Allow statement whose Action is "
                + "\"*\", \"service:*\" or \"*:...\", or an Allow with NotAction (everything except the listed actions). "
                + "Deny statements are not reported: a broad deny only takes permissions away. In a resource-based policy, "
                + "a statement whose only principal is this account (!Ref AWS::AccountId or arn:${AWS::Partition}:iam::"
                + "${AWS::AccountId}:root, as in AWS's default key policy) is not reported either: it hands the decision to "
                + "the account's IAM policies, which this rule checks where they are written.";
    }

    @Override
    public String why() {
        return "\"service:*\" includes the service's administrative and destructive actions (dynamodb:* can delete tables "
                + "and change their backups) and every action AWS adds later; the grant silently widens over time.";
    }

    @Override
    public String fix() {
        return "List the actions the role's code or service actually calls (the Service Authorization Reference names "
                + "them per API), e.g. dynamodb:GetItem instead of dynamodb:*.";
    }

    @Override
    public void check(Template template, Report report) {
        for (Statement s : PolicyDocument.allows(template, PolicyDocument.Kind.values())) {
            if (s.document().kind() == PolicyDocument.Kind.RESOURCE && Principals.onlyOwnAccount(s)) {
                continue; // AWS's default key policy: delegation to this account's IAM, not a grant to anyone
            }
            Resource r = s.document().resource();
            // "this identity" in an identity policy; in a key or bucket policy the grant goes to its principals.
            String holder = s.document().kind() == PolicyDocument.Kind.IDENTITY ? "this identity needs"
                    : "the principals of " + s.document().subject() + " need";
            if (s.has("NotAction")) {
                report.add(r, s.pathOf("NotAction"), "Allow with NotAction in " + r.logicalId()
                        + " grants every action except the listed ones, including actions AWS adds later: list the "
                        + "allowed actions in Action instead");
            }
            for (Located a : s.values("Action")) {
                String action = a.text();
                if (action == null) {
                    continue;
                }
                if (action.equals("*")) {
                    report.add(r, a.path(), "Action \"*\" in " + r.logicalId()
                            + " allows every action of every service: list the actions " + holder);
                } else if (SERVICE_WIDE.matcher(action).matches()) {
                    report.add(r, a.path(), "Action \"" + action + "\" in " + r.logicalId()
                            + " allows every action of " + action.substring(0, action.indexOf(':'))
                            + ", including destructive and future ones: list the actions " + holder);
                } else if (action.startsWith("*:")) {
                    report.add(r, a.path(), "Action \"" + action + "\" in " + r.logicalId()
                            + " matches actions of every service: name the service");
                }
            }
        }
    }
}
