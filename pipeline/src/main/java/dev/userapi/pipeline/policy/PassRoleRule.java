package dev.userapi.pipeline.policy;

import dev.userapi.pipeline.template.Resource;
import dev.userapi.pipeline.template.Template;
import java.util.List;

/** iam:PassRole on every role, or to any service. */
public final class PassRoleRule implements Rule {

    @Override
    public String id() {
        return "iam-passrole-scope";
    }

    @Override
    public String title() {
        return "iam:PassRole on \"*\" or without iam:PassedToService";
    }

    @Override
    public String description() {
        return "In identity policies, an Allow whose actions cover iam:PassRole (also through iam:* or iam:Pass*) with "
                + "Resource \"*\" or any-role patterns such as arn:...:role/*, or without a condition pinning "
                + "iam:PassedToService (StringEquals or StringLike).";
    }

    @Override
    public String why() {
        return "Passing a role hands its permissions to a service that then acts with them: PassRole on every role lets "
                + "the holder launch a function or stack as the most powerful role in the account, which is privilege "
                + "escalation with one API call; without iam:PassedToService the role can go to any service.";
    }

    @Override
    public String fix() {
        return "Name the role(s) that may be passed (!GetAtt ExecRole.Arn, or a path such as role/app/*) and add "
                + "Condition: {StringEquals: {iam:PassedToService: cloudformation.amazonaws.com}} (or lambda.amazonaws.com, ...).";
    }

    @Override
    public void check(Template template, Report report) {
        for (Statement s : PolicyDocument.allows(template, PolicyDocument.Kind.IDENTITY)) {
            if (s.texts("Action").stream().noneMatch(a -> IamActions.covers(a, "iam:PassRole"))) {
                continue;
            }
            Resource holder = s.document().resource();
            String id = holder.logicalId();
            s.values("Resource").stream().filter(r -> anyRole(Nodes.flatText(r.value()))).findFirst().ifPresent(r ->
                    report.add(holder, r.path(), "iam:PassRole in " + id + " on \"" + Nodes.flatText(r.value())
                            + "\" lets the holder hand any role, however powerful, to a service: name the roles it passes"));
            if (!s.pins("iam:PassedToService")) {
                List<Object> at = s.has("Condition") ? s.pathOf("Condition") : s.pathOf("Action");
                report.add(holder, at, "iam:PassRole in " + id + " has no iam:PassedToService condition, so the "
                        + "role can be passed to any service: add Condition StringEquals iam:PassedToService: <service>.amazonaws.com");
            }
        }
    }

    private static boolean anyRole(String resource) {
        return resource != null && (WildcardArn.coversAll(resource) || resource.endsWith(":role/*") || resource.endsWith(":*"));
    }
}
