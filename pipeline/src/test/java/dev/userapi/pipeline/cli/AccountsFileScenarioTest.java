package dev.userapi.pipeline.cli;

import static dev.userapi.pipeline.cli.BadInputScenarioTest.GOOD_DEV;
import static dev.userapi.pipeline.cli.BadInputScenarioTest.accounts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * accounts.yaml files wrong in ways hard to see, through the real command line: each refused one exits 2 with
 * {@code accounts.yaml:LINE:} and the fix before anything touches AWS; each valid one is read.
 */
class AccountsFileScenarioTest {
    @TempDir
    Path dir;

    /** A scenario whose accounts.yaml is then replaced by {@code bytes}. */
    private Scenario withAccountsFile(byte[] bytes) throws IOException {
        Scenario s = new Scenario(dir, accounts(GOOD_DEV));
        Files.write(dir.resolve("accounts.yaml"), bytes);
        return s;
    }

    private static void assertRefused(Scenario s, String... expected) {
        assertEquals(ExitCodes.BAD_INPUT, s.run("deploy", "--env", "dev"), s.output());
        assertEquals(0, s.aws.touches(), "nothing touched AWS: " + s.aws.built());
        for (String e : expected) {
            assertTrue(s.output().contains(e), "'" + e + "' in:\n" + s.output());
        }
    }

    @Test
    void aFileOverOneMebibyteIsRefusedNamingTheLimit() throws IOException {
        Scenario s = withAccountsFile((accounts(GOOD_DEV) + "# " + "x".repeat(1_100_000) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        assertRefused(s, "accounts.yaml: the file has 1100", "at most 1048576 bytes");
    }

    @Test
    void twentyOneAliasesAreRefusedAtTheTwentyFirst() throws IOException {
        StringBuilder yaml = new StringBuilder(accounts("""
                  dev:
                    account: "222222222222"
                    region: eu-west-1
                    parameters: &shared { LogRetentionDays: 7 }
                """));
        for (int i = 0; i < 21; i++) {
            yaml.append("  e").append(i).append(": { account: \"3333333333").append(String.format("%02d", i))
                    .append("\", region: eu-west-1, parameters: *shared }\n");
        }
        // accounts() is 6 lines, dev 4 more: the aliases are on lines 11 to 31.
        assertRefused(withAccountsFile(yaml.toString().getBytes(StandardCharsets.UTF_8)),
                "accounts.yaml:31: alias *shared is alias number 21", "write the values out");
    }

    @Test
    void aLatin1CommentIsRefusedAtItsLine() throws IOException {
        Scenario s = withAccountsFile((accounts(GOOD_DEV) + "# r\u00e9sum\u00e9 of the accounts\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        assertRefused(s, "accounts.yaml:10: column 4: byte 0xE9 is not valid UTF-8", "save the file as UTF-8");
    }

    @Test
    void aZeroWidthSpaceAfterTheAccountIdIsNamed() throws IOException {
        Scenario s = withAccountsFile(accounts("""
                  dev:
                    account: "222222222222\u200B"
                    region: eu-west-1
                """).getBytes(StandardCharsets.UTF_8));
        assertRefused(s, "accounts.yaml:8: environments.dev.account: contains U+200B ZERO WIDTH SPACE after '222222222222'");
    }

    @Test
    void utf16WithAByteOrderMarkAndAStrTaggedAccountAreRead() throws IOException {
        Scenario s = withAccountsFile(("\uFEFF" + accounts("""
                  dev:
                    account: !!str 222222222222
                    region: eu-west-1
                """)).getBytes(StandardCharsets.UTF_16LE));
        assertEquals(ExitCodes.OK, s.run("plan", "--env", "dev", "--offline"), s.output());
        assertTrue(s.output().contains("in account 222222222222"), s.output());
        assertEquals(0, s.aws.touches(), "offline: " + s.aws.built());
    }
}
