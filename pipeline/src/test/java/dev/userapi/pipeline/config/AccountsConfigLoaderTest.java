package dev.userapi.pipeline.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountsConfigLoaderTest {
    private static final Path FILE = Path.of("accounts.yaml");

    /** The head of a valid file; tests append environments to it so line numbers are easy to count. */
    private static final String HEAD = """
            app: user-api
            tooling:
              account: "111111111111"
              region: eu-west-1
            environments:
            """;
    // HEAD is 5 lines: the first environment line is line 6.

    private static AccountsConfig load(String text) {
        return AccountsConfigLoader.parse(FILE, text, Map.of());
    }

    private static ConfigException fails(String text) {
        return assertThrows(ConfigException.class, () -> load(text));
    }

    /** Asserts one of the problems is exactly at {@code line} on {@code field} and mentions every fragment. */
    private static void assertProblem(ConfigException e, int line, String field, String... fragments) {
        String prefix = "accounts.yaml:" + line + ": " + field + ": ";
        String match = e.describe().lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no problem starting with '" + prefix + "' in:\n" + e.describe()));
        for (String f : fragments) {
            assertTrue(match.contains(f), () -> "'" + f + "' missing from: " + match);
        }
    }

    @Test
    void theRepositorysAccountsYamlIsValidAndGetsEveryDefault() {
        AccountsConfig config = AccountsConfigLoader.load(Path.of("..", "accounts.yaml"), Map.of());

        assertEquals("user-api", config.app());
        assertEquals(new Tooling("111111111111", "eu-west-1", "arn:aws:iam::111111111111:role/user-api-ci",
                new GitHub("example-org", "user-api", "1234567", "89012345")), config.tooling());
        assertEquals(List.of("dev", "staging", "prod"), config.promotionOrder().stream().map(Environment::name).toList());

        Environment dev = config.environment("dev");
        assertEquals(List.of(new Target("dev", "222222222222", "eu-west-1", "user-api-dev",
                "arn:aws:iam::222222222222:role/user-api-deployer", "arn:aws:iam::222222222222:role/user-api-cfn-exec",
                "user-api-artifacts-222222222222-eu-west-1", null)), dev.targets());
        assertEquals(Map.of("LogRetentionDays", "7"), dev.parameters());
        assertFalse(dev.isProtected());
        assertNull(dev.after());
        assertEquals(1, dev.trustedPrincipals().size());

        Environment prod = config.environment("prod");
        assertTrue(prod.isProtected());
        assertEquals("staging", prod.after());
        assertEquals(List.of("eu-west-1", "us-east-1"), prod.targets().stream().map(Target::region).toList());
        assertEquals("user-api-artifacts-444444444444-us-east-1", prod.targets().get(1).artifactBucket());
        assertEquals("user-api-prod", prod.targets().get(1).stackName());
        assertEquals("prod 444444444444/us-east-1", prod.targets().get(1).label());
        assertEquals("staging", config.previous(prod).orElseThrow().name());
        assertTrue(config.previous(dev).isEmpty());
    }

    @Test
    void promotionOrderFollowsAfterWhateverTheFileOrder() {
        AccountsConfig config = load(HEAD + """
                  prod: { account: "444444444444", region: eu-west-1, after: staging }
                  staging: { account: "333333333333", region: eu-west-1, after: dev }
                  dev: { account: "222222222222", region: eu-west-1 }
                """);
        assertEquals(List.of("dev", "staging", "prod"), config.promotionOrder().stream().map(Environment::name).toList());
    }

    @Test
    void explicitNamesPlaceholdersTargetsAndEndpoint() {
        AccountsConfig config = load(HEAD + """
                  dev:
                    account: "222222222222"
                    regions: [eu-west-1, eu-central-1]
                    targets: [{ account: "555555555555", region: eu-west-1 }, { region: us-east-1 }]
                    deployerRole: team-deployer
                    executionRole: ${app}-${env}-exec
                    artifactBucket: ${app}-${account}-${region}-art
                    stackName: user-api-dev-blue
                    endpoint: http://localhost:4566
                """);
        List<Target> targets = config.environment("dev").targets();
        assertEquals(List.of("222222222222/eu-west-1", "222222222222/eu-central-1", "555555555555/eu-west-1",
                "222222222222/us-east-1"), targets.stream().map(t -> t.account() + "/" + t.region()).toList());
        Target third = targets.get(2);
        assertEquals("arn:aws:iam::555555555555:role/user-api-dev-exec", third.executionRoleArn());
        assertEquals("user-api-555555555555-eu-west-1-art", third.artifactBucket());
        assertEquals("user-api-dev-blue", third.stackName());
        assertEquals(URI.create("http://localhost:4566"), third.endpoint());
        // A role name is expanded in each target's own account.
        assertEquals("arn:aws:iam::555555555555:role/team-deployer", third.deployerRoleArn());
        assertEquals("arn:aws:iam::222222222222:role/team-deployer", targets.get(0).deployerRoleArn());
    }

    @Test
    void awsEndpointUrlAppliesWhereTheFileSetsNone() {
        String text = HEAD + """
                  dev: { account: "222222222222", region: eu-west-1 }
                  local: { account: "000000000000", region: us-east-1, endpoint: "http://127.0.0.1:4566" }
                """;
        AccountsConfig config = AccountsConfigLoader.parse(FILE, text, Map.of("AWS_ENDPOINT_URL", "https://aws.example.com"));
        assertEquals(URI.create("https://aws.example.com"), config.environment("dev").targets().get(0).endpoint());
        assertEquals(URI.create("http://127.0.0.1:4566"), config.environment("local").targets().get(0).endpoint());

        ConfigException e = assertThrows(ConfigException.class,
                () -> AccountsConfigLoader.parse(FILE, text, Map.of("AWS_ENDPOINT_URL", "localhost:4566")));
        assertTrue(e.describe().contains("AWS_ENDPOINT_URL (environment variable): 'localhost:4566' has no http or https scheme"),
                e.describe());
    }

    @Test
    void govCloudAndChinaRegionsGetTheirPartitionInArns() {
        AccountsConfig config = load("""
                app: user-api
                tooling: { account: "111111111111", region: us-gov-west-1 }
                environments:
                  gov: { account: "222222222222", region: us-gov-east-1 }
                  cn: { account: "333333333333", region: cn-north-1 }
                """);
        assertEquals("arn:aws-us-gov:iam::111111111111:role/user-api-ci", config.tooling().ciRoleArn());
        assertEquals("arn:aws-us-gov:iam::222222222222:role/user-api-deployer",
                config.environment("gov").targets().get(0).deployerRoleArn());
        assertEquals("arn:aws-cn:iam::333333333333:role/user-api-cfn-exec",
                config.environment("cn").targets().get(0).executionRoleArn());
    }

    @Test
    void toolingRegionDefaultsToTheFirstEnvironmentsRegion() {
        AccountsConfig config = load("""
                app: user-api
                tooling: { account: "111111111111" }
                environments:
                  dev: { account: "222222222222", region: ap-southeast-2 }
                """);
        assertEquals("ap-southeast-2", config.tooling().region());
        assertNull(config.tooling().github());
    }

    @Test
    void unknownEnvironmentNamesTheValidOnes() {
        AccountsConfig config = load(HEAD + """
                  dev: { account: "222222222222", region: eu-west-1 }
                  prod: { account: "444444444444", region: eu-west-1, after: dev }
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> config.environment("prd"));
        assertEquals("environments", e.field());
        assertTrue(e.getMessage().contains("did you mean 'prod'?"), e.getMessage());
        assertTrue(e.getMessage().contains("valid environments: dev, prod"), e.getMessage());
    }

    // ---- one test per kind of mistake ----------------------------------------------------------

    @Test
    void unknownKeyAtEveryLevelSuggestsTheClosest() {
        ConfigException e = fails("""
                app: user-api
                toolng:
                  account: "111111111111"
                environments:
                  dev:
                    account: "222222222222"
                    reigon: eu-west-1
                    targets: [{ acount: "222222222222", region: us-east-1 }]
                """);
        assertProblem(e, 2, "toolng", "unknown key 'toolng'", "did you mean 'tooling'?", "valid keys: app, tooling, environments");
        assertProblem(e, 7, "environments.dev.reigon", "did you mean 'region'?", "valid keys under environments.dev:");
        assertProblem(e, 8, "environments.dev.targets[0].acount", "did you mean 'account'?");
        // The misspelt tooling also means tooling is missing; both are reported in one run.
        assertTrue(e.describe().contains("tooling: missing;"), e.describe());
        assertTrue(e.problems().size() >= 4, e.describe());
    }

    @Test
    void elevenDigitAccount() {
        ConfigException e = fails(HEAD + """
                  dev: { account: "22222222222", region: eu-west-1 }
                """);
        assertProblem(e, 6, "environments.dev.account", "'22222222222' has 11 digits", "exactly 12 digits");
        assertEquals(6, e.line());
        assertEquals("environments.dev.account", e.field());
        assertEquals(FILE, e.file());
    }

    @Test
    void unquotedAccountSaysTheLeadingZeroIsLost() {
        ConfigException e = fails(HEAD + """
                  dev:
                    account: 012345678901
                    region: eu-west-1
                  prod: { account: 444444444444, region: eu-west-1 }
                """);
        assertProblem(e, 7, "environments.dev.account", "012345678901 is not quoted",
                "drops the leading zero (12345678901)", "\"012345678901\"");
        assertProblem(e, 9, "environments.prod.account", "444444444444 is not quoted", "\"444444444444\"");
    }

    @Test
    void unknownRegionSuggestsAndListsTheFamily() {
        ConfigException e = fails(HEAD + """
                  dev: { account: "222222222222", region: eu-west-9 }
                  prod: { account: "444444444444", regions: [eu-west-1, us-east-7] }
                  qa: { account: "555555555555", region: EU-WEST-1 }
                """);
        assertProblem(e, 6, "environments.dev.region", "'eu-west-9' is not an AWS region", "did you mean 'eu-west-1'?",
                "regions starting with 'eu-': eu-central-1");
        assertProblem(e, 7, "environments.prod.regions[1]", "'us-east-7' is not an AWS region");
        assertProblem(e, 8, "environments.qa.region", "must be lowercase: eu-west-1");
    }

    @Test
    void apiCallersFillTheTemplatesCallerParameters() {
        AccountsConfig config = load(HEAD + """
                  dev:
                    account: "222222222222"
                    region: eu-west-1
                    apiCallers:
                      - "555555555555"
                      - arn:aws:iam::666666666666:role/reporting
                      - "777777777777"
                      - arn:aws:iam::666666666666:user/auditor
                """);
        Environment dev = config.environment("dev");
        assertEquals("555555555555,777777777777", dev.parameters().get("ApiCallerAccounts"));
        assertEquals("arn:aws:iam::666666666666:role/reporting,arn:aws:iam::666666666666:user/auditor",
                dev.parameters().get("ApiCallerPrincipalArns"));
        assertEquals(9, dev.parameterLines().get("ApiCallerAccounts"), "a value the template refuses is reported at apiCallers");
    }

    @Test
    void apiCallersThatAreNeitherAccountsNorPrincipalsAreRefusedAtTheirLine() {
        ConfigException e = fails(HEAD + """
                  dev:
                    account: "222222222222"
                    region: eu-west-1
                    parameters: {ApiCallerAccounts: "555555555555"}
                    apiCallers:
                      - 555555555555
                      - arn:aws:iam::666666666666:root
                      - reporting-team
                """);
        assertProblem(e, 11, "environments.dev.apiCallers[0]", "is not quoted");
        assertProblem(e, 12, "environments.dev.apiCallers[1]", "neither an account id nor an IAM role or user ARN",
                "12-digit id in quotes");
        assertProblem(e, 13, "environments.dev.apiCallers[2]", "not an account id");
        assertProblem(e, 10, "environments.dev.apiCallers", "parameters also sets (line 9)");
    }

    @Test
    void malformedArn() {
        ConfigException e = fails(HEAD + """
                  dev:
                    account: "222222222222"
                    region: eu-west-1
                    deployerRole: "arn:aws:iam:222222222222:role/deployer"
                    executionRole: "arn:aws-cn:iam::222222222222:role/exec"
                    trustedPrincipals: ["arn:aws:sts::222222222222:assumed-role/Dev/alice", "arn:aws:iam::222222222222:role/Admin"]
                """);
        assertProblem(e, 9, "environments.dev.deployerRole", "is not an IAM role ARN",
                "arn:aws:iam::222222222222:role/NAME");
        assertProblem(e, 10, "environments.dev.executionRole", "partition aws-cn", "the region is in aws");
        assertProblem(e, 11, "environments.dev.trustedPrincipals[0]", "is not an IAM principal ARN");
        assertEquals(3, e.problems().size(), e.describe());
    }

    @Test
    void arnInTheWrongAccount() {
        ConfigException e = fails(HEAD + """
                  dev:
                    account: "222222222222"
                    region: eu-west-1
                    deployerRole: "arn:aws:iam::999999999999:role/user-api-deployer"
                """);
        assertProblem(e, 9, "environments.dev.deployerRole", "role ARN is in account 999999999999",
                "this environment's account is 222222222222");
    }

    @Test
    void arnRoleWithTargetsInAnotherAccountIsRefused() {
        ConfigException e = fails(HEAD + """
                  dev:
                    account: "222222222222"
                    region: eu-west-1
                    targets: [{ account: "555555555555", region: eu-west-1 }]
                    executionRole: "arn:aws:iam::222222222222:role/exec"
                """);
        assertProblem(e, 10, "environments.dev.executionRole", "this environment's account is 555555555555",
                "give a role name to have it expanded per account");
    }

    @Test
    void cycleInAfterIsNamed() {
        ConfigException e = fails(HEAD + """
                  dev: { account: "222222222222", region: eu-west-1, after: prod }
                  staging: { account: "333333333333", region: eu-west-1, after: dev }
                  prod: { account: "444444444444", region: eu-west-1, after: staging }
                  solo: { account: "555555555555", region: eu-west-1, after: solo }
                """);
        assertProblem(e, 6, "environments.dev.after", "cycle: dev after prod after staging after dev");
        assertProblem(e, 9, "environments.solo.after", "cannot come after itself");
        assertEquals(2, e.problems().size(), e.describe());
    }

    @Test
    void afterNamesAnUnknownEnvironment() {
        ConfigException e = fails(HEAD + """
                  dev: { account: "222222222222", region: eu-west-1 }
                  prod: { account: "444444444444", region: eu-west-1, after: stagin }
                """);
        assertProblem(e, 7, "environments.prod.after", "no environment named 'stagin'", "valid: dev");
    }

    @Test
    void bothRegionAndRegions() {
        ConfigException e = fails(HEAD + """
                  dev:
                    account: "222222222222"
                    region: eu-west-1
                    regions: [us-east-1]
                """);
        assertProblem(e, 9, "environments.dev.regions", "either 'region' or 'regions', not both");
    }

    @Test
    void badEndpoint() {
        ConfigException e = fails(HEAD + """
                  a: { account: "222222222222", region: eu-west-1, endpoint: "localhost:4566" }
                  b: { account: "333333333333", region: eu-west-1, endpoint: "ftp://example.com" }
                  c: { account: "444444444444", region: eu-west-1, endpoint: "http://key:secret@localhost:4566" }
                  d: { account: "555555555555", region: eu-west-1, endpoint: "http://local host" }
                """);
        assertProblem(e, 6, "environments.a.endpoint", "no http or https scheme", "http://localhost:4566");
        assertProblem(e, 7, "environments.b.endpoint", "no http or https scheme");
        assertProblem(e, 8, "environments.c.endpoint", "must not contain a user name or password");
        assertFalse(e.describe().contains("secret"), "a password in a URL must not be echoed");
        assertProblem(e, 9, "environments.d.endpoint", "is not a URL");
    }

    @Test
    void missingSectionsAndFields() {
        ConfigException e = fails("""
                app: user-api
                environments:
                  dev: { region: eu-west-1 }
                  prod: { account: "444444444444" }
                """);
        assertProblem(e, 1, "tooling", "missing;");
        assertProblem(e, 3, "environments.dev.account", "missing;");
        assertProblem(e, 4, "environments.prod.region", "missing;", "regions: [");

        ConfigException none = fails("tooling: { account: \"111111111111\" }\n");
        assertProblem(none, 1, "app", "missing;");
        assertProblem(none, 1, "environments", "missing;");
    }

    @Test
    void badNamesBucketsStacksAndApp() {
        ConfigException e = fails("""
                app: User_API
                tooling: { account: "111111111111", region: eu-west-1 }
                environments:
                  dev: { account: "222222222222", region: eu-west-1 }
                """);
        assertProblem(e, 1, "app", "'User_API' is not a valid app name");

        ConfigException names = fails(HEAD + """
                  dev:
                    account: "222222222222"
                    region: eu-west-1
                    artifactBucket: My_Bucket
                    stackName: other-dev
                    deployerRole: team/deployer
                  qa:
                    account: "333333333333"
                    region: eu-west-1
                    stackName: user-api_qa
                    artifactBucket: ${app}-${acount}
                """);
        assertProblem(names, 9, "environments.dev.artifactBucket", "'My_Bucket' is not a valid S3 bucket name");
        assertProblem(names, 10, "environments.dev.stackName", "'other-dev' is not a name the deployer role may use",
                "stacks named user-api-*", "use e.g. user-api-dev");
        assertProblem(names, 11, "environments.dev.deployerRole", "a role with a path needs its full ARN");
        assertProblem(names, 15, "environments.qa.stackName", "not a valid CloudFormation stack name");
        assertProblem(names, 16, "environments.qa.artifactBucket", "unknown placeholder ${acount}", "did you mean 'account'?");
    }

    @Test
    void aLongAppNameMakesTheDefaultBucketTooLong() {
        ConfigException e = fails("""
                app: a-rather-long-application-name
                tooling: { account: "111111111111", region: eu-west-1 }
                environments:
                  dev: { account: "222222222222", region: ap-southeast-2 }
                """);
        assertProblem(e, 4, "environments.dev.artifactBucket", "S3 allows 3 to 63", "set artifactBucket");
    }

    @Test
    void oneExplicitBucketCannotServeSeveralRegions() {
        ConfigException e = fails(HEAD + """
                  prod:
                    account: "444444444444"
                    regions: [eu-west-1, us-east-1]
                    artifactBucket: user-api-prod-artifacts
                """);
        assertProblem(e, 9, "environments.prod.artifactBucket", "same bucket for targets in 2 regions", "${region}");
    }

    @Test
    void parametersAreAMapOfScalarsAndNotTheOnesTheDeploySets() {
        ConfigException e = fails(HEAD + """
                  dev:
                    account: "222222222222"
                    region: eu-west-1
                    parameters:
                      LogRetentionDays: 7
                      Subnets: [a, b]
                      ArtifactKey: x.jar
                      Log-Level: debug
                      StageName:
                """);
        assertProblem(e, 11, "environments.dev.parameters.Subnets", "single value", "\"a,b,c\"");
        assertProblem(e, 12, "environments.dev.parameters.ArtifactKey", "set by the deploy");
        assertProblem(e, 13, "environments.dev.parameters.Log-Level", "not a CloudFormation parameter name");
        assertProblem(e, 14, "environments.dev.parameters.StageName", "has no value");
    }

    @Test
    void parameterValuesKeepTheirTextAsWritten() {
        AccountsConfig config = load(HEAD + """
                  dev:
                    account: "222222222222"
                    region: eu-west-1
                    parameters: { FunctionMemorySize: 0512, ThrottlingRateLimit: 1e3, StageName: "v1", Flag: true }
                """);
        assertEquals(Map.of("FunctionMemorySize", "0512", "ThrottlingRateLimit", "1e3", "StageName", "v1", "Flag", "true"),
                config.environment("dev").parameters());
    }

    @Test
    void protectedMustBeABoolean() {
        ConfigException e = fails(HEAD + """
                  prod: { account: "444444444444", region: eu-west-1, protected: yes }
                """);
        assertProblem(e, 6, "environments.prod.protected", "'yes' is not a boolean", "true or false");
    }

    @Test
    void githubIdsAreNumeric() {
        ConfigException e = fails("""
                app: user-api
                tooling:
                  account: "111111111111"
                  github: { owner: -bad-, repo: user-api, ownerId: abc, repoId: "89012345" }
                environments:
                  dev: { account: "222222222222", region: eu-west-1 }
                """);
        assertProblem(e, 4, "tooling.github.owner", "'-bad-' is not valid");
        assertProblem(e, 4, "tooling.github.ownerId", "'abc' is not a GitHub id");
        assertEquals(2, e.problems().size(), e.describe());
    }

    @Test
    void sameAccountAndRegionTwiceIsRefused() {
        ConfigException e = fails(HEAD + """
                  dev: { account: "222222222222", region: eu-west-1 }
                  qa: { account: "222222222222", region: eu-west-1 }
                """);
        assertProblem(e, 7, "environments.qa", "already a target");
    }

    @Test
    void anAccountCannotSpanPartitions() {
        ConfigException e = fails(HEAD + """
                  dev: { account: "222222222222", regions: [eu-west-1, cn-north-1] }
                """);
        assertProblem(e, 6, "environments.dev", "cannot be in both the aws and the aws-cn partition");
    }

    @Test
    void ciRoleArnMustBeInTheToolingAccount() {
        ConfigException e = fails("""
                app: user-api
                tooling: { account: "111111111111", region: eu-west-1, ciRole: "arn:aws:iam::222222222222:role/ci" }
                environments:
                  dev: { account: "222222222222", region: eu-west-1 }
                """);
        assertProblem(e, 2, "tooling.ciRole", "role ARN is in account 222222222222", "the tooling account is 111111111111");
    }

    @Test
    void syntaxErrorsAndEmptyFiles(@TempDir Path dir) throws Exception {
        ConfigException syntax = fails("app: user-api\ntooling: [unclosed\n");
        assertTrue(syntax.describe().startsWith("accounts.yaml:"), syntax.describe());
        assertTrue(syntax.getMessage().startsWith("YAML syntax error"), syntax.getMessage());

        ConfigException empty = fails("");
        assertTrue(empty.describe().startsWith("accounts.yaml:1: the file is empty"), empty.describe());

        Path missing = dir.resolve("accounts.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> AccountsConfigLoader.load(missing, Map.of()));
        assertTrue(e.describe().contains("no such file"), e.describe());

        Files.writeString(missing, "- just\n- a list\n");
        ConfigException list = assertThrows(ConfigException.class, () -> AccountsConfigLoader.load(missing, Map.of()));
        assertTrue(list.describe().contains("must be a mapping of keys"), list.describe());
    }

    @Test
    void everyProblemIsReportedInFileOrder() {
        ConfigException e = fails(HEAD + """
                  dev: { account: "2222", region: mars-1 }
                  prod: { account: "444444444444", region: eu-west-1, after: nope, protected: maybe }
                """);
        List<Integer> lines = e.problems().stream().map(ConfigException::line).toList();
        assertEquals(lines.stream().sorted().toList(), lines);
        assertEquals(4, e.problems().size(), e.describe());
        assertEquals(e.problems().size(), e.describe().lines().count());
    }

    // ---- reading the file: size, encoding, aliases ------------------------------------------------

    /** A valid file whose every line is plain ASCII, to write in other encodings. */
    private static final String VALID = HEAD + """
              dev:
                account: "222222222222"
                region: eu-west-1
            """;

    @Test
    void aFileOverTheLimitIsRefusedBeforeItIsReadWhole(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("accounts.yaml");
        Files.writeString(big, VALID + "# " + "x".repeat(1_100_000) + "\n");
        ConfigException e = assertThrows(ConfigException.class, () -> AccountsConfigLoader.load(big, Map.of()));
        assertTrue(e.describe().startsWith(big + ": the file has "), e.describe());
        assertTrue(e.getMessage().contains("at most 1048576 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("check that this is the right file"), e.getMessage());

        // A sparse file of 4 GiB: reading it whole would need a byte array Java cannot even allocate.
        Path huge = dir.resolve("huge.yaml");
        try (var raf = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            raf.setLength(4L << 30);
        }
        ConfigException h = assertThrows(ConfigException.class, () -> AccountsConfigLoader.load(huge, Map.of()));
        assertTrue(h.getMessage().contains("the file has 4294967296 bytes"), h.getMessage());
    }

    @Test
    void tooManyAliasesNameTheLineOfTheOneOverTheLimit() {
        StringBuilder yaml = new StringBuilder(HEAD).append("""
                  dev:
                    account: "222222222222"
                    region: eu-west-1
                    parameters: &shared { LogRetentionDays: "7" }
                """);
        // Lines 10..30: 21 environments that each reuse the mapping; the 21st alias is on line 30.
        for (int i = 0; i < 21; i++) {
            yaml.append("  e").append(i).append(": { account: \"3333333333").append(String.format("%02d", i))
                    .append("\", region: eu-west-1, parameters: *shared }\n");
        }
        ConfigException e = fails(yaml.toString());
        assertTrue(e.describe().startsWith("accounts.yaml:30: alias *shared is alias number 21"), e.describe());
        assertTrue(e.getMessage().contains("allows 20"), e.getMessage());
        assertTrue(e.getMessage().contains("write the values out"), e.getMessage());
    }

    @Test
    void twentyAliasesAreFine() {
        StringBuilder yaml = new StringBuilder(HEAD).append("""
                  dev:
                    account: "222222222222"
                    region: eu-west-1
                    parameters: &shared { LogRetentionDays: "7" }
                """);
        for (int i = 0; i < 20; i++) {
            yaml.append("  e").append(i).append(": { account: \"3333333333").append(String.format("%02d", i))
                    .append("\", region: eu-west-1, parameters: *shared }\n");
        }
        assertEquals(21, load(yaml.toString()).environments().size());
    }

    @Test
    void aLatin1ByteIsRefusedAtItsLineWithTheFix(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("accounts.yaml");
        Files.write(file, ("app: user-api\n# caf\u00e9 team\n" + VALID.substring("app: user-api\n".length()))
                .getBytes(StandardCharsets.ISO_8859_1));
        ConfigException e = assertThrows(ConfigException.class, () -> AccountsConfigLoader.load(file, Map.of()));
        assertEquals(2, e.line(), e.describe());
        assertTrue(e.describe().startsWith(file + ":2: column 6: byte 0xE9 is not valid UTF-8"), e.describe());
        assertTrue(e.getMessage().contains("Latin-1"), e.getMessage());
        assertTrue(e.getMessage().contains("save the file as UTF-8"), e.getMessage());
    }

    @Test
    void utf16WithAByteOrderMarkAndUtf8WithOneAreValidYamlStreams(@TempDir Path dir) throws Exception {
        AccountsConfig expected = load(VALID);
        for (var encoding : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE, StandardCharsets.UTF_8)) {
            Path file = dir.resolve("accounts-" + encoding.name() + ".yaml");
            Files.write(file, ("\uFEFF" + VALID).getBytes(encoding));
            AccountsConfig read = AccountsConfigLoader.load(file, Map.of());
            assertEquals(expected.environments(), read.environments(), encoding.name());
            assertEquals(expected.tooling(), read.tooling(), encoding.name());
        }
    }

    @Test
    void aControlCharacterYamlRefusesIsNamedAtItsLine() {
        ConfigException e = fails(HEAD + "  dev:\n    account: \"222222222222\"\n    region: eu-west-1\u0007\n");
        assertTrue(e.describe().startsWith("accounts.yaml:8: character U+0007"), e.describe());
    }

    // ---- values that look right ---------------------------------------------------------------------

    @Test
    void anExplicitStrTagIsAQuotedString() {
        AccountsConfig config = load(HEAD + """
                  dev:
                    account: !!str 222222222222
                    region: eu-west-1
                  qa:
                    account: !!str 012345678901
                    region: eu-west-1
                """);
        assertEquals("222222222222", config.environment("dev").targets().get(0).account());
        assertEquals("012345678901", config.environment("qa").targets().get(0).account());
    }

    @Test
    void invisibleCharactersAreNamed() {
        ConfigException e = fails(HEAD + """
                  dev:
                    account: "222222222222\u200B"
                    region: "eu-west-1\u00A0"
                  qa\u200D:
                    account: "333333333333"
                    region: eu-west-1
                    parameters: { LogRetentionDays: "7\uFEFF" }
                """);
        assertProblem(e, 7, "environments.dev.account", "U+200B ZERO WIDTH SPACE after '222222222222'",
                "invisible character");
        assertProblem(e, 8, "environments.dev.region", "U+00A0 NO-BREAK SPACE after 'eu-west-1'");
        assertProblem(e, 9, "environments.qa\u200D", "U+200D ZERO WIDTH JOINER after 'qa'");
    }

    @Test
    void anInvisibleCharacterInAParameterValueIsNamed() {
        ConfigException e = fails(HEAD + """
                  dev:
                    account: "222222222222"
                    region: eu-west-1
                    parameters: { LogRetentionDays: "7\uFEFF" }
                """);
        assertProblem(e, 9, "environments.dev.parameters.LogRetentionDays", "U+FEFF ZERO WIDTH NO-BREAK SPACE after '7'");
    }

    @Test
    void aMultiLineParameterValueIsNotInvisible() {
        Environment dev = load(HEAD + """
                  dev:
                    account: "222222222222"
                    region: eu-west-1
                    parameters:
                      Banner: |
                        line one
                        \tline two
                """).environment("dev");
        assertEquals("line one\n\tline two\n", dev.parameters().get("Banner"));
    }

    @Test
    void parameterLinesAreKeptForLaterChecks() {
        Environment dev = load(HEAD + """
                  dev:
                    account: "222222222222"
                    region: eu-west-1
                    parameters:
                      LogRetentionDays: 7
                      FunctionMemorySize: 512
                """).environment("dev");
        assertEquals(Map.of("LogRetentionDays", 10, "FunctionMemorySize", 11), dev.parameterLines());
    }

    @Test
    void aStackNameEqualToTheAppOrOutsideTheDeployerPatternIsRefused() {
        ConfigException e = fails(HEAD + """
                  dev:
                    account: "222222222222"
                    region: eu-west-1
                    stackName: user-api
                  qa:
                    account: "333333333333"
                    region: eu-west-1
                    stackName: user-apiqa
                  ops:
                    account: "444444444444"
                    region: eu-west-1
                    stackName: ${app}-bootstrap
                """);
        assertProblem(e, 9, "environments.dev.stackName", "'user-api' is not a name the deployer role may use",
                "stack/user-api-*/*");
        assertProblem(e, 13, "environments.qa.stackName", "'user-apiqa' is not a name the deployer role may use");
        assertProblem(e, 17, "environments.ops.stackName", "'user-api-bootstrap' is the name of a bootstrap stack");
        assertEquals(3, e.problems().size(), e.describe());
    }

    // ---- after: chains --------------------------------------------------------------------------------

    /** {@code n} environments, each after the previous one; listed last first when {@code reversed}. */
    static String chain(int n, boolean reversed, String extraAfterOfFirst) {
        StringBuilder yaml = new StringBuilder(HEAD);
        for (int k = 0; k < n; k++) {
            int i = reversed ? n - 1 - k : k;
            yaml.append("  e").append(i).append(": { account: \"").append(String.format("%012d", 100_000_000_000L + i))
                    .append("\", region: eu-west-1");
            if (i > 0) {
                yaml.append(", after: e").append(i - 1);
            } else if (extraAfterOfFirst != null) {
                yaml.append(", after: ").append(extraAfterOfFirst);
            }
            yaml.append(" }\n");
        }
        return yaml.toString();
    }

    @Test
    void aLongChainIsOrderedAndACycleThroughItIsReportedOnce() {
        AccountsConfig config = load(chain(8_000, true, null));
        List<Environment> order = config.promotionOrder();
        assertEquals("e0", order.get(0).name());
        assertEquals("e7999", order.get(7_999).name());

        ConfigException e = fails(chain(8_000, false, "e7999"));
        assertEquals(1, e.problems().size(), "one cycle, reported once");
        assertTrue(e.getMessage().startsWith("the 'after' order has a cycle: e0 after e7999 after e7998"), e.getMessage());
        assertEquals(6, e.line());
    }

    @Test
    void promotionOrderIsTheOrderOfPassesOverTheFile() {
        // The order the file-order passes give, computed the plain quadratic way, for many shapes.
        java.util.Random random = new java.util.Random(11);
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(12);
            List<String> names = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                names.add("e" + i);
            }
            java.util.Collections.shuffle(names, random);
            // A forest: each environment after one created before it in a random order, so no cycles.
            java.util.Map<String, String> after = new java.util.HashMap<>();
            for (int i = 1; i < n; i++) {
                if (random.nextBoolean()) {
                    after.put("e" + i, "e" + random.nextInt(i));
                }
            }
            StringBuilder yaml = new StringBuilder(HEAD);
            for (String name : names) {
                int i = Integer.parseInt(name.substring(1));
                yaml.append("  ").append(name).append(": { account: \"").append(String.format("%012d", 200_000_000_000L + i))
                        .append("\", region: eu-west-1").append(after.containsKey(name) ? ", after: " + after.get(name) : "")
                        .append(" }\n");
            }
            List<String> expected = new java.util.ArrayList<>();
            while (expected.size() < n) {
                for (String name : names) {
                    if (!expected.contains(name) && (!after.containsKey(name) || expected.contains(after.get(name)))) {
                        expected.add(name);
                    }
                }
            }
            assertEquals(expected, load(yaml.toString()).promotionOrder().stream().map(Environment::name).toList(),
                    yaml.toString());
        }
    }
}
