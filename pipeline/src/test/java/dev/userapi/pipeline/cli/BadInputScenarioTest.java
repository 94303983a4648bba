package dev.userapi.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad input stops the command with exit 2 and a message naming the file, line or field,
 * before anything is asked of AWS: no credentials resolved, no client built, no call made.
 */
class BadInputScenarioTest {
    @TempDir
    Path dir;

    static final String GOOD_DEV = """
              dev:
                account: "222222222222"
                region: eu-west-1
            """;

    static String accounts(String environments) {
        return """
                app: user-api
                tooling:
                  account: "111111111111"
                  region: eu-west-1
                  ciRole: user-api-ci
                environments:
                """ + environments;
    }

    void assertNothingTouched(Scenario s, String... expected) {
        assertEquals(ExitCodes.BAD_INPUT, s.run("deploy", "--env", "dev"), s.output());
        assertEquals(0, s.aws.touches(), "nothing touched AWS: " + s.aws.built());
        assertEquals(0, s.aws.cloudFormationCalls());
        assertEquals(0, s.aws.sts().calls("AssumeRole") + s.aws.sts().calls("GetCallerIdentity"));
        for (String e : expected) {
            assertTrue(s.output().contains(e), "'" + e + "' in:\n" + s.output());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "11-digit account          |  dev: { account: \"22222222222\", region: eu-west-1 }                                  | environments.dev.account",
        "unknown key               |  dev: { account: \"222222222222\", region: eu-west-1, regoin: x }                     | regoin",
        "unknown region            |  dev: { account: \"222222222222\", region: eu-wset-1 }                                 | eu-wset-1",
        "malformed role ARN        |  dev: { account: \"222222222222\", region: eu-west-1, deployerRole: \"arn:aws:iam:role\" } | deployerRole",
        "after names nothing       |  dev: { account: \"222222222222\", region: eu-west-1, after: qa }                       | qa",
    })
    void aBrokenAccountsFileTouchesNothing(String kind, String environments, String field) {
        // CsvSource trims values: indent the entry under environments here.
        Scenario s = new Scenario(dir, accounts("  " + environments + "\n"));
        assertNothingTouched(s, "accounts.yaml", field);
    }

    @Test
    void aCycleInAfterTouchesNothing() {
        Scenario s = new Scenario(dir, accounts("""
                  dev: { account: "222222222222", region: eu-west-1, after: prod }
                  prod: { account: "444444444444", region: eu-west-1, after: dev }
                """));
        assertNothingTouched(s, "accounts.yaml", "cycle");
    }

    @Test
    void anUnknownEnvironmentNamesTheValidOnes() {
        Scenario s = new Scenario(dir, accounts(GOOD_DEV));
        assertEquals(ExitCodes.BAD_INPUT, s.run("deploy", "--env", "dve"), s.output());
        assertTrue(s.output().contains("did you mean 'dev'"), s.output());
        assertEquals(0, s.aws.touches());
    }

    @Test
    void aMissingAccountsFileTouchesNothing() throws Exception {
        Scenario s = new Scenario(dir, accounts(GOOD_DEV));
        Files.delete(dir.resolve("accounts.yaml"));
        assertNothingTouched(s, "accounts.yaml");
    }

    @Test
    void aTemplateThatDoesNotParseTouchesNothing() {
        Scenario s = new Scenario(dir, accounts(GOOD_DEV));
        s.editTemplate("  UsersTable:\n    Type: AWS::DynamoDB::Table", "  UsersTable:\n    Type: [AWS::DynamoDB::Table");
        assertNothingTouched(s, "app.yaml:");
    }

    @Test
    void aParameterTheTemplateDoesNotDeclareIsReportedAtItsLine() {
        Scenario s = new Scenario(dir, accounts("""
                  dev:
                    account: "222222222222"
                    region: eu-west-1
                    parameters: { LogRetention: 7 }
                """));
        assertNothingTouched(s, "accounts.yaml:10: environments.dev.parameters.LogRetention:",
                "declares no parameter LogRetention", "did you mean LogRetentionDays?");
    }

    @Test
    void aParameterValueOutsideAllowedValuesIsReportedAtItsLine() {
        Scenario s = new Scenario(dir, accounts("""
                  dev:
                    account: "222222222222"
                    region: eu-west-1
                    parameters:
                      LogRetentionDays: 10
                """));
        assertNothingTouched(s, "accounts.yaml:11: environments.dev.parameters.LogRetentionDays:",
                "'10': not one of the AllowedValues");
    }

    @Test
    void aListParameterIsCheckedItemByItemAsCloudFormationChecksIt() throws Exception {
        // The AllowedPattern of a CommaDelimitedList applies to each item: two valid account ids pass.
        Scenario ok = new Scenario(dir, accounts("""
                  dev:
                    account: "222222222222"
                    region: eu-west-1
                    parameters:
                      ApiCallerAccounts: "333333333333,444444444444"
                """));
        assertEquals(0, ok.run("plan", "--env", "dev", "--offline"), ok.output());

        Scenario bad = new Scenario(java.nio.file.Files.createDirectories(dir.resolve("bad")), accounts("""
                  dev:
                    account: "222222222222"
                    region: eu-west-1
                    parameters:
                      ApiCallerAccounts: "333333333333,44444"
                """));
        assertNothingTouched(bad, "accounts.yaml:11: environments.dev.parameters.ApiCallerAccounts:",
                "item '44444': does not match the AllowedPattern");
    }

    @Test
    void lengthBoundsAreCheckedBeforeAnyAwsCallAsPipelineLocalChecksThem() throws Exception {
        Scenario s = new Scenario(dir, accounts("""
                  dev:
                    account: "222222222222"
                    region: eu-west-1
                    parameters:
                      StageName: abcdefgh
                """));
        s.editTemplate("    AllowedPattern: \"^[A-Za-z0-9_]{1,64}$\"", "    MaxLength: 4");
        assertNothingTouched(s, "environments.dev.parameters.StageName:", "'abcdefgh': longer than MaxLength 4");
    }

    @Test
    void aStackNameTheDeployerRoleCannotUseIsRefusedBeforeAnyAwsCall() {
        Scenario s = new Scenario(dir, accounts("""
                  dev:
                    account: "222222222222"
                    region: eu-west-1
                    stackName: user-api
                """));
        assertNothingTouched(s, "accounts.yaml:10: environments.dev.stackName:", "stacks named user-api-*");
        assertEquals(ExitCodes.BAD_INPUT, s.run("plan", "--env", "dev"), s.output());
        assertEquals(0, s.aws.touches(), "plan touched nothing either: " + s.aws.built());
    }

    @Test
    void aMissingArtifactTouchesNothing() throws Exception {
        Scenario s = new Scenario(dir, accounts(GOOD_DEV));
        Files.delete(dir.resolve("functions/target/user-api-functions.jar"));
        assertNothingTouched(s, "user-api-functions.jar", "build it first");
    }

    @Test
    void aTemplateFindingTouchesNothing() {
        Scenario s = new Scenario(dir, accounts(GOOD_DEV));
        s.checks = java.util.List.of(t -> java.util.List.of(t.file() + ":42: LOG_RETENTION log group without retention"));
        assertNothingTouched(s, "app.yaml:42: LOG_RETENTION");
    }

    @Test
    void badFlagsAreBadInput() {
        Scenario s = new Scenario(dir, accounts(GOOD_DEV));
        assertEquals(ExitCodes.BAD_INPUT, s.run("deploy"), s.output());
        assertTrue(s.output().contains("--env"), s.output());
        assertEquals(ExitCodes.BAD_INPUT, s.run("deploy", "--env", "dev", "--busy-timeout", "soon"), s.output());
        assertEquals(ExitCodes.BAD_INPUT, s.run("deploy", "--env", "dev", "--mfa-code", "123456"), s.output());
        assertTrue(s.output().contains("--mfa-serial"), s.output());
        assertEquals(ExitCodes.BAD_INPUT, s.run("deploy", "--plan", "missing.json"), s.output());
        assertTrue(s.output().contains("no such plan file"), s.output());
        assertEquals(0, s.aws.touches());
    }
}
