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

    /** Each service's actions are parsed on first use; what they are must not depend on when that is. */
    @Test
    void aServiceWhoseLinesComeInTwoPlacesOrWithWindowsLineEndsIsReadWhole() throws java.io.IOException {
        IamActions c = IamActions.parse(new java.io.StringReader(String.join("\r\n",
                "# a comment", "s3:GetObject", "sts:GetCallerIdentity *", "", "s3:ListAllMyBuckets *", "S3:PutObject", "")));
        assertEquals(List.of("s3:getobject", "s3:listallmybuckets", "s3:putobject"),
                c.matching("s3:*").stream().map(IamActions.Action::name).toList());
        assertFalse(c.find("s3:ListAllMyBuckets").orElseThrow().resourceLevel());
        assertTrue(c.find("s3:PutObject").orElseThrow().resourceLevel());
        assertFalse(c.find("sts:GetCallerIdentity").orElseThrow().resourceLevel());
        assertEquals(4, c.matching("*").size());
        assertTrue(c.knowsService("S3") && c.knowsService("sts") && !c.knowsService("iam"));
        assertTrue(c.find("iam:PassRole").isEmpty());
    }

    @Test
    void aLineWithoutAServiceIsRefusedWithItsNumber() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> IamActions.parse(new java.io.StringReader("s3:GetObject\nGetObject\n")));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }
}
