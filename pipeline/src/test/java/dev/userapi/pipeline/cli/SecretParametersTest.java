package dev.userapi.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NoEcho parameters are masked everywhere the pipeline writes (progress, plan --offline, JSON output,
 * the step summary, deploy records), and a secret can stay out of accounts.yaml (which is in git):
 * {@code { env: VARIABLE }} reads it when the deploy starts, {@code { ssm: NAME, version: N }} hands
 * CloudFormation its own {@code {{resolve:ssm:NAME:N}}}.
 */
class SecretParametersTest {
    @TempDir
    Path dir;

    static final String SECRET = "hunter2-do-not-print";

    static String accounts(String apiSecret) {
        return """
                app: user-api
                tooling: { account: "111111111111", region: eu-west-1, ciRole: user-api-ci }
                environments:
                  dev:
                    account: "222222222222"
                    region: eu-west-1
                    parameters:
                      LogRetentionDays: 7
                      ApiSecret: %s
                """.formatted(apiSecret);
    }

    /** The app template with one more parameter, NoEcho like a password would be. */
    static Scenario scenario(Path dir, String apiSecret) {
        Scenario s = new Scenario(dir, accounts(apiSecret));
        s.editTemplate("\nParameters:\n", """

                Parameters:
                  ApiSecret:
                    Type: String
                    NoEcho: true
                    AllowedPattern: "^.{8,}$"
                    Description: A secret the functions would use; never in git or in a log.
                """);
        return s;
    }

    @Test
    void aNoEchoValueIsMaskedInPlanOfflineJsonSummaryAndRecords() throws IOException {
        Scenario s = scenario(dir, '"' + SECRET + '"');
        assertEquals(0, s.run("plan", "--env", "dev", "--offline"), s.output());
        assertTrue(s.output().contains("ApiSecret = ****"), s.output());
        assertTrue(s.output().contains("LogRetentionDays = 7"), "other values are shown: " + s.output());
        assertFalse(s.output().contains(SECRET), s.output());

        assertEquals(0, s.run("deploy", "--env", "dev", "--output", "json", "--summary", "summary.md"), s.output());
        assertEquals(SECRET, s.cfn("dev").parameters("user-api-dev").get("ApiSecret"), "CloudFormation gets the value");
        assertFalse(s.output().contains(SECRET), s.output());
        assertFalse(s.read("summary.md").contains(SECRET));
        try (Stream<Path> records = Files.walk(dir.resolve(".pipeline"))) {
            for (Path r : records.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(r).contains(SECRET), r.toString());
            }
        }
        var t = s.target("dev", 0);
        s.aws.s3().keys(t.artifactBucket()).stream().filter(k -> k.contains("/records/"))
                .forEach(k -> assertFalse(new String(s.aws.s3().object(t.artifactBucket(), k).orElseThrow()).contains(SECRET), k));
    }

    @Test
    void aSecretValueBreakingTheTemplatesConstraintIsNotEchoedInTheComplaint() {
        Scenario s = scenario(dir, "\"short\"");
        assertEquals(ExitCodes.BAD_INPUT, s.run("plan", "--env", "dev", "--offline"), s.output());
        assertTrue(s.output().contains("environments.dev.parameters.ApiSecret"), s.output());
        assertFalse(s.output().contains("short"), s.output());
    }

    @Test
    void aSecretFromTheEnvironmentReachesTheStackAndNothingElse() {
        Scenario s = scenario(dir, "{ env: USER_API_SECRET }");
        assertEquals(ExitCodes.BAD_INPUT, s.run("deploy", "--env", "dev"), s.output());
        assertTrue(s.output().contains("environments.dev.parameters.ApiSecret: comes from the environment variable USER_API_SECRET,"
                + " which is not set here"), s.output());
        assertEquals(0, s.aws.touches(), "checked before any AWS call");

        s.env.put("USER_API_SECRET", SECRET);
        assertEquals(0, s.run("plan", "--env", "dev", "--offline"), s.output());
        assertTrue(s.output().contains("ApiSecret = **** (from $USER_API_SECRET)"), s.output());
        assertEquals(0, s.run("deploy", "--env", "dev"), s.output());
        assertEquals(SECRET, s.cfn("dev").parameters("user-api-dev").get("ApiSecret"));
        assertFalse(s.output().contains(SECRET), s.output());
        assertFalse(s.read(".pipeline/records/dev/222222222222-eu-west-1/latest.json").contains(SECRET));
    }

    @Test
    void anSsmReferenceIsHandedToCloudFormationToResolve() {
        Scenario s = scenario(dir, "{ ssm: /user-api/dev/api-secret, version: 3 }");
        assertEquals(0, s.run("plan", "--env", "dev", "--offline"), s.output());
        assertEquals(0, s.run("deploy", "--env", "dev"), s.output());
        assertEquals("{{resolve:ssm:/user-api/dev/api-secret:3}}", s.cfn("dev").parameters("user-api-dev").get("ApiSecret"),
                "CloudFormation reads the value from Parameter Store; the pipeline never sees it");
    }

    @Test
    void aParameterOfTypeSsmParameterValueTakesTheParameterStoreNameAsAPlainValue() {
        Scenario s = new Scenario(dir, accounts("/user-api/dev/api-secret"));
        s.editTemplate("\nParameters:\n", """

                Parameters:
                  ApiSecret:
                    Type: AWS::SSM::Parameter::Value<String>
                    Description: CloudFormation reads this Parameter Store name's value.
                """);
        assertEquals(0, s.run("plan", "--env", "dev", "--offline"), s.output());
        assertTrue(s.output().contains("ApiSecret = /user-api/dev/api-secret"), "a name, not a secret: shown " + s.output());
        assertEquals(0, s.run("deploy", "--env", "dev"), s.output());
        assertEquals("/user-api/dev/api-secret", s.cfn("dev").parameters("user-api-dev").get("ApiSecret"));
    }

    @Test
    void aWrongSecretReferenceIsReportedAtItsLine() {
        // accounts(...) puts ApiSecret on line 9.
        Scenario missingVersion = scenario(dir, "{ ssm: /user-api/dev/api-secret }");
        assertEquals(ExitCodes.BAD_INPUT, missingVersion.run("plan", "--env", "dev", "--offline"));
        assertTrue(missingVersion.output().contains("accounts.yaml:9: environments.dev.parameters.ApiSecret: an ssm: reference needs version: N"),
                missingVersion.output());
    }

    @Test
    void aReferenceWithBothSourcesOrABadVariableNameIsRefused(@TempDir Path other) throws IOException {
        Scenario both = scenario(dir, "{ env: A_SECRET, ssm: /x, version: 1 }");
        assertEquals(ExitCodes.BAD_INPUT, both.run("plan", "--env", "dev", "--offline"));
        assertTrue(both.output().contains("accounts.yaml:9: environments.dev.parameters.ApiSecret: give exactly one of env:"), both.output());

        Scenario bad = scenario(other, "{ env: 1NOT-A-NAME }");
        assertEquals(ExitCodes.BAD_INPUT, bad.run("plan", "--env", "dev", "--offline"));
        assertTrue(bad.output().contains("accounts.yaml:9: environments.dev.parameters.ApiSecret.env: '1NOT-A-NAME' is not an environment"
                + " variable name"), bad.output());
    }
}
