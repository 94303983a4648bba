package dev.userapi.pipeline.execrole;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userapi.pipeline.policy.IamActions;
import dev.userapi.pipeline.template.Template;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The execution role's policy follows the app template's resource types: it grows and shrinks with them. */
class ExecRolePolicyTest {
    private static final String QUEUES = "arn:${AWS::Partition}:sqs:*:${AWS::AccountId}:${AppName}-*";

    private final ExecRolePolicy derivation = ExecRolePolicy.shipped();

    /** Each granted action as "Effect Sid action on resources when condition": what a diff of two policies is made of. */
    private static Set<String> grants(DerivedPolicy p) {
        Set<String> out = new TreeSet<>();
        for (PolicyStatement s : p.statements()) {
            for (String a : s.actions()) {
                out.add((s.allow() ? "Allow " : "Deny ") + s.sid() + " " + a + " on " + s.resources() + " when " + s.condition());
            }
        }
        return out;
    }

    @Test
    void aQueueAddsExactlyTheQueueHandlersActionsOnTheAppsQueueNames() {
        DerivedPolicy before = derivation.derive(AppTemplates.app());
        DerivedPolicy after = derivation.derive(AppTemplates.parse(AppTemplates.appWith(AppTemplates.QUEUE)));

        Set<String> added = new TreeSet<>(grants(after));
        added.removeAll(grants(before));
        assertTrue(grants(after).containsAll(grants(before)), "adding a resource takes nothing away");

        // What the queue type's create, read, update and delete handlers publish; list is not a stack operation.
        HandlerPermissions queue = PermissionTable.shipped().find("AWS::SQS::Queue").orElseThrow();
        Set<String> published = queue.stackActions();
        assertEquals(published.stream().map(a -> "Allow AppQueues " + a + " on [" + QUEUES + "] when {}").collect(Collectors.toCollection(TreeSet::new)),
                added);
        // The same, spelled out, so a table refresh that changes the queue's actions shows up here as a reviewed change.
        assertEquals(new TreeSet<>(List.of("sqs:CreateQueue", "sqs:DeleteQueue", "sqs:GetQueueAttributes", "sqs:GetQueueUrl",
                "sqs:ListQueueTags", "sqs:SetQueueAttributes", "sqs:TagQueue", "sqs:UntagQueue")), new TreeSet<>(published));
        assertFalse(added.stream().anyMatch(g -> g.contains("sqs:ListQueues")), "the list handler never runs in a stack operation");
        assertTrue(after.unmanageable().isEmpty(), after.unmanageable().toString());
    }

    @Test
    void removingTheQueueAgainGivesBackTheSamePolicy() {
        String withQueue = AppTemplates.appWith(AppTemplates.QUEUE);
        DerivedPolicy grown = derivation.derive(AppTemplates.parse(withQueue));
        DerivedPolicy shrunk = derivation.derive(AppTemplates.parse(withQueue.replace(AppTemplates.QUEUE.indent(2), "")));
        assertTrue(grants(grown).size() > grants(shrunk).size());
        assertEquals(derivation.derive(AppTemplates.app()).statements(), shrunk.statements());
        assertFalse(shrunk.statements().stream().anyMatch(s -> s.sid().equals("AppQueues")));
    }

    @Test
    void aTypeWithoutPublishedPermissionsCannotBeManagedAndTheReasonSaysHowToAddIt() {
        String rule = """
                NightlyRule:
                  Type: AWS::Events::Rule
                  Properties:
                    ScheduleExpression: rate(1 day)
                """;
        DerivedPolicy p = derivation.derive(AppTemplates.parse(AppTemplates.appWith(rule)));
        assertEquals(1, p.unmanageable().size(), p.unmanageable().toString());
        DerivedPolicy.Unmanageable u = p.unmanageable().get(0);
        assertEquals("AWS::Events::Rule", u.type());
        assertTrue(u.reason().contains("scripts/refresh-resource-permissions.sh AWS::Events::Rule"), u.reason());
        assertEquals(derivation.derive(AppTemplates.app()).statements(), p.statements(), "the other types keep their grants");
    }

    /** Every type of the table at once, so every grant of the scopes file is exercised. */
    @Test
    void everyTypeInTheTableIsScopedWithoutWildcardActionsAndStarOnlyWhereIamAllowsNothingNarrower() {
        Set<String> all = PermissionTable.shipped().types().keySet();
        DerivedPolicy p = derivation.derive(all);
        assertTrue(p.unmanageable().isEmpty(), "every type in resource-permissions.json has a scope: " + p.unmanageable());
        assertEquals(new TreeSet<>(all), p.types().stream().map(TypeSummary::type).collect(Collectors.toCollection(TreeSet::new)));
        for (PolicyStatement s : p.statements()) {
            for (String action : s.actions()) {
                assertFalse(IamActions.isWildcard(action), s.sid() + ": " + action);
                IamActions.Action known = IamActions.catalogue().find(action).orElseThrow(() -> new AssertionError(action + " is no IAM action"));
                if (s.resources().contains(PolicyStatement.ANY)) {
                    assertFalse(known.resourceLevel(), action + " has resource types and must not be granted on \"*\"");
                } else if (s.allow()) {
                    assertTrue(known.resourceLevel(), action + " has no resource types: only \"*\" would grant it");
                }
            }
            for (String r : s.resources()) {
                assertTrue(r.equals(PolicyStatement.ANY) || r.contains("${AWS::AccountId}") || r.startsWith("arn:${AWS::Partition}:s3:::${AppName}-")
                        || r.startsWith("arn:${AWS::Partition}:apigateway:"), s.sid() + " reaches beyond this account or app: " + r);
            }
        }
        Set<String> granted = p.statements().stream().filter(PolicyStatement::allow).flatMap(s -> s.actions().stream())
                .map(a -> a.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        for (String never : List.of("iam:AttachRolePolicy", "iam:DeleteRolePermissionsBoundary", "iam:AttachUserPolicy", "logs:PutResourcePolicy")) {
            assertFalse(granted.contains(never.toLowerCase(Locale.ROOT)), never + " is withheld");
        }
        PolicyStatement protect = p.statement("NeverTheArtifactBuckets").orElseThrow();
        assertFalse(protect.allow());
        assertEquals(new TreeSet<>(p.statement("AppBuckets").orElseThrow().actions()), new TreeSet<>(protect.actions()),
                "every bucket action the app's buckets get is denied on the artifact buckets");
    }

    @Test
    void publishedNamesThatAreNoIamActionAreReportedNotGranted() {
        DerivedPolicy p = derivation.derive(Set.of("AWS::Logs::LogGroup"));
        TypeSummary logs = p.type("AWS::Logs::LogGroup").orElseThrow();
        assertEquals(List.of("s3:REST.PUT.OBJECT"), logs.ignored());
        assertTrue(logs.withheld().containsKey("logs:PutResourcePolicy"));
        assertEquals("NoResourceLevelPermissions", logs.granted().get("logs:DescribeLogGroups"));
        assertEquals(List.of("*"), p.statement("NoResourceLevelPermissions").orElseThrow().resources());
    }

    @Test
    void thePolicyDoesNotDependOnTheOrderOfTheResources() {
        Template app = AppTemplates.app();
        Set<String> reversed = new LinkedHashSet<>();
        List<String> types = List.copyOf(ExecRolePolicy.typesOf(app));
        for (int i = types.size() - 1; i >= 0; i--) {
            reversed.add(types.get(i));
        }
        assertEquals(derivation.derive(app), derivation.derive(reversed));
    }

    @Test
    void theSummarySaysWhereEachTypesPermissionsComeFromAndWhatIsWithheldWhy() {
        String text = PolicyRendering.summary(derivation.derive(AppTemplates.app()));
        for (HandlerPermissions t : PermissionTable.shipped().types().values()) {
            if (ExecRolePolicy.typesOf(AppTemplates.app()).contains(t.type())) {
                assertTrue(text.contains(t.type() + "  (" + t.source() + ", retrieved " + t.retrieved() + ")"), t.type());
            }
        }
        assertTrue(text.contains("withheld iam:AttachGroupPolicy, iam:AttachRolePolicy, iam:AttachUserPolicy\n"
                + "    the execution role can write a caller policy, never give it to anyone"), text);
    }
}
