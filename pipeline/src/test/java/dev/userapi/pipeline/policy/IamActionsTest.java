package dev.userapi.pipeline.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class IamActionsTest {
    private final IamActions iam = IamActions.catalogue();

    @Test
    void actionsWithoutResourceTypesAreKnownAsSuch() {
        for (String unscoped : List.of("sts:GetCallerIdentity", "cloudformation:ValidateTemplate", "s3:ListAllMyBuckets",
                "logs:DescribeLogGroups", "cloudformation:ListStacks", "dynamodb:ListTables", "lambda:ListFunctions")) {
            assertFalse(iam.find(unscoped).orElseThrow(() -> new AssertionError(unscoped)).resourceLevel(), unscoped);
        }
        for (String scoped : List.of("s3:GetObject", "dynamodb:GetItem", "iam:PassRole", "cloudformation:CreateChangeSet",
                "cloudformation:DescribeStacks", "lambda:InvokeFunction", "logs:PutLogEvents", "sts:AssumeRole")) {
            assertTrue(iam.find(scoped).orElseThrow(() -> new AssertionError(scoped)).resourceLevel(), scoped);
        }
    }

    @Test
    void namesMatchCaseInsensitivelyAndWildcardsExpand() {
        assertTrue(iam.find("DYNAMODB:getitem").isPresent());
        assertTrue(iam.find("dynamodb:GetItems").isEmpty());
        assertTrue(iam.knowsService("apigateway"));
        assertFalse(iam.knowsService("notaservice"));
        List<IamActions.Action> gets = iam.matching("dynamodb:Get*");
        assertTrue(gets.stream().anyMatch(a -> a.name().equals("dynamodb:getitem")), gets.toString());
        assertTrue(gets.stream().allMatch(a -> a.name().startsWith("dynamodb:get")), gets.toString());
        assertEquals(List.of("sts:getcalleridentity"), iam.matching("sts:GetCaller?dentity").stream().map(IamActions.Action::name).toList());
        assertTrue(iam.matching("*").size() > 10_000, "the whole reference");
        assertTrue(IamActions.covers("iam:*", "iam:PassRole") && IamActions.covers("IAM:Pass*", "iam:PassRole"));
        assertFalse(IamActions.covers("iam:Get*", "iam:PassRole"));
    }
}
