package dev.userapi.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userapi.pipeline.fake.FakeCloudFormation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** {@code pipeline bootstrap}: the bootstrap templates, with the caller's own credentials, through the same change set display. */
class BootstrapScenarioTest {
    @TempDir
    Path dir;

    @Test
    void bootstrapsEveryTargetOfAnEnvironmentWithTheCallersOwnCredentials() {
        Scenario s = new Scenario(dir);
        s.aws.profile("prod-admin", StaticCredentialsProvider.create(s.aws.sts().addUser("arn:aws:iam::444444444444:user/admin")));
        int assumes = s.aws.sts().calls("AssumeRole");
        assertEquals(0, s.run("bootstrap", "--env", "prod", "--profile", "prod-admin", "--yes"), s.output());
        assertEquals(assumes, s.aws.sts().calls("AssumeRole"), "no role assumed: the deployer role does not exist yet");
        for (int i = 0; i < 2; i++) {
            var t = s.target("prod", i);
            FakeCloudFormation cfn = s.aws.cloudFormation(t);
            assertEquals("CREATE_COMPLETE", cfn.status("user-api-bootstrap"), t.label());
            var p = cfn.parameters("user-api-bootstrap");
            assertEquals("user-api", p.get("AppName"));
            assertEquals("arn:aws:iam::111111111111:role/user-api-ci", p.get("CiRoleArn"));
            assertEquals(i == 0 ? "true" : "false", p.get("CreateIamResources"), "IAM is created once per account");
            assertTrue(cfn.terminationProtection("user-api-bootstrap"), "prod is protected");
        }
        assertTrue(s.output().contains("Add  "), s.output());
        assertTrue(s.output().contains("DeployerRole"), "the change table lists the roles: " + s.output());

        assertEquals(0, s.run("bootstrap", "--env", "prod", "--profile", "prod-admin", "--yes"), s.output());
        assertTrue(s.output().contains("NO_CHANGES"), s.output());
    }

    @Test
    void refusesCredentialsOfAnotherAccount() {
        Scenario s = new Scenario(dir);
        // alice is in the tooling account, not in dev's
        assertEquals(ExitCodes.REFUSED, s.run("bootstrap", "--env", "dev"));
        assertTrue(s.output().contains("needs credentials of account 222222222222"), s.output());
        assertTrue(s.output().contains("--profile"), s.output());
        assertEquals(0, s.aws.cloudFormationCalls());
    }

    @Test
    void bootstrapsTheCiIdentityInTheToolingAccount() {
        Scenario s = new Scenario(dir);
        s.aws.defaultCredentials(StaticCredentialsProvider.create(s.aws.sts().addUser("arn:aws:iam::111111111111:user/admin")));
        assertEquals(0, s.run("bootstrap", "--ci", "--existing-oidc-provider",
                "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"), s.output());
        FakeCloudFormation cfn = s.aws.cloudFormation("111111111111", "eu-west-1");
        assertEquals("CREATE_COMPLETE", cfn.status("user-api-ci-identity"));
        var p = cfn.parameters("user-api-ci-identity");
        assertEquals("example-org", p.get("GitHubOwner"));
        assertEquals("89012345", p.get("GitHubRepoId"));
        assertEquals("false", p.get("CreateOidcProvider"));
        String deployers = p.get("DeployerRoleArns");
        for (String account : new String[] {"222222222222", "333333333333", "444444444444", "555555555555", "666666666666"}) {
            assertTrue(deployers.contains("arn:aws:iam::" + account + ":role/user-api-deployer"), deployers);
        }
        assertEquals(5, deployers.split(",").length, "one deployer role per account, listed once: " + deployers);
    }

    @Test
    void needsExactlyOneOfEnvAndCi() {
        Scenario s = new Scenario(dir);
        assertEquals(ExitCodes.BAD_INPUT, s.run("bootstrap"));
        assertEquals(ExitCodes.BAD_INPUT, s.run("bootstrap", "--env", "dev", "--ci"));
        assertEquals(0, s.aws.touches());
    }
}
