package dev.userapi.pipeline.policy;

import dev.userapi.pipeline.template.Resource;
import dev.userapi.pipeline.template.Template;

/** Execution-role trust policies that let the Lambda service assume the role for any account. */
public final class LambdaTrustRule implements Rule {

    @Override
    public String id() {
        return "lambda-trust-source-account";
    }

    @Override
    public String title() {
        return "A role trusts lambda.amazonaws.com without aws:SourceAccount";
    }

    @Override
    public String description() {
        return "An AWS::IAM::Role whose AssumeRolePolicyDocument allows the service principal lambda.amazonaws.com "
                + "without a condition pinning aws:SourceAccount (StringEquals, StringLike, ArnEquals or ArnLike; Null "
                + "and ...IfExists do not pin).";
    }

    @Override
    public String why() {
        return "The trust otherwise reads \"the Lambda service, acting for anyone\". Pinning the account is AWS's "
                + "confused-deputy guidance for service principals and keeps the role unusable by functions outside this "
                + "account even if a PassRole grant somewhere is too broad.";
    }

    @Override
    public String fix() {
        return "Add Condition: {StringEquals: {aws:SourceAccount: !Ref AWS::AccountId}} to the statement that trusts "
                + "lambda.amazonaws.com.";
    }

    @Override
    public void check(Template template, Report report) {
        for (Statement s : PolicyDocument.allows(template, PolicyDocument.Kind.TRUST)) {
            if (s.pins("aws:SourceAccount")) {
                continue;
            }
            Resource role = s.document().resource();
            for (Located principal : s.servicePrincipals()) {
                String p = Nodes.textOrSub(principal.value());
                if ("lambda.amazonaws.com".equals(p) || "lambda.${AWS::URLSuffix}".equals(p)) {
                    report.add(role, principal.path(), role.logicalId()
                            + " trusts lambda.amazonaws.com for functions of any account: add Condition StringEquals "
                            + "aws:SourceAccount: !Ref AWS::AccountId");
                }
            }
        }
    }
}
