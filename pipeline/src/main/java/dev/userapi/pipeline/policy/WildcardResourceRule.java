package dev.userapi.pipeline.policy;

import dev.userapi.pipeline.template.Template;
import java.util.ArrayList;
import java.util.List;

/**
 * Identity policies that allow, on {@code Resource: "*"}, actions that could be scoped to ARNs.
 * Whether an action supports resource-level permissions comes from {@link IamActions}.
 */
public final class WildcardResourceRule implements Rule {
    private static final int SHOWN = 5;

    private final IamActions catalogue;

    public WildcardResourceRule() {
        this(null);
    }

    /** With a given catalogue (tests); null means the shipped one, loaded on first use. */
    public WildcardResourceRule(IamActions catalogue) {
        this.catalogue = catalogue;
    }

    @Override
    public String id() {
        return "iam-wildcard-resource";
    }

    @Override
    public String title() {
        return "An IAM statement allows scopable actions on Resource \"*\"";
    }

    @Override
    public String description() {
        return "In identity policies (role, user and group policies, AWS::IAM::Policy and ManagedPolicy, permissions "
                + "boundaries): an Allow on Resource \"*\" or on an ARN made only of wildcards where AWS expects a region, an account and a "
                + "name (arn:aws:logs:*:*:*, arn:aws:s3:::*, arn:aws:dynamodb:*:*:table/*), or with NotResource, that includes any action supporting "
                + "resource-level permissions, per the Service Authorization Reference (shipped as a table of all IAM "
                + "actions). Actions without resource types (sts:GetCallerIdentity, logs:DescribeLogGroups, "
                + "s3:ListAllMyBuckets, cloudformation:ValidateTemplate, ...) may use \"*\". Wildcard actions are expanded; "
                + "an action missing from the table is reported too (usually a typo). Resource-based policies are not "
                + "checked: there \"*\" means the resource the policy is attached to.";
    }

    @Override
    public String why() {
        return "Resource \"*\" grants the actions on every resource of that type in the account, existing and future: "
                + "a function that should write one table can write all of them, and one compromised function reaches "
                + "every other application's data.";
    }

    @Override
    public String fix() {
        return "Name the resources: !GetAtt Table.Arn, !Sub arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:"
                + "log-group:/aws/lambda/${Function}:*, or a name-prefix pattern. Keep actions without resource types in "
                + "a separate statement with Resource \"*\".";
    }

    @Override
    public void check(Template template, Report report) {
        for (Statement s : PolicyDocument.allows(template, PolicyDocument.Kind.IDENTITY)) {
            if (s.has("NotResource")) {
                report.add(s.document().resource(), s.pathOf("NotResource"), "Allow with NotResource in "
                        + s.document().resource().logicalId()
                        + " grants the actions on every resource except the listed ones: name the resources in Resource");
            }
            Located star = s.values("Resource").stream().filter(r -> WildcardArn.coversAll(Nodes.flatText(r.value())))
                    .findFirst().orElse(null);
            if (star != null) {
                checkActions(s, star, report);
            }
        }
    }

    private void checkActions(Statement s, Located star, Report report) {
        PolicyDocument doc = s.document();
        IamActions actions = catalogue != null ? catalogue : IamActions.catalogue();
        List<String> scopable = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String action : s.texts("Action")) {
            List<IamActions.Action> matched = actions.matching(action);
            if (matched.isEmpty()) {
                unknown.add(action);
            } else if (matched.stream().anyMatch(IamActions.Action::resourceLevel)) {
                scopable.add(action);
            }
        }
        if (scopable.isEmpty() && unknown.isEmpty()) {
            return;
        }
        String shownResource = Nodes.flatText(star.value());
        StringBuilder message = new StringBuilder("Allow on Resource \"").append(shownResource).append("\" in ")
                .append(doc.resource().logicalId());
        if (!shownResource.equals("*")) {
            message.append(" (only wildcards where AWS expects a region, an account and a name: as much as \"*\")");
        }
        if (!scopable.isEmpty()) {
            message.append(" for actions that support resource-level permissions: ").append(shown(scopable))
                    .append("; name their resources (ARNs or name-prefix patterns) instead");
        }
        if (!unknown.isEmpty()) {
            message.append(scopable.isEmpty() ? " for " : "; and for ").append(shown(unknown))
                    .append(", which the IAM action table does not know (misspelt?)");
        }
        report.add(doc.resource(), star.path(), message.toString());
    }

    private static String shown(List<String> actions) {
        List<String> head = actions.size() > SHOWN ? actions.subList(0, SHOWN) : actions;
        return String.join(", ", head) + (actions.size() > SHOWN ? " and " + (actions.size() - SHOWN) + " more" : "");
    }
}
