package dev.userapi.pipeline.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActorTest {
    private static final String SHA = "abc1234def5678901234567890abcdef12345678";

    @Test
    void onALaptopItIsTheOsUserAndTheShortSha() {
        Actor a = Actor.detect(Map.of("USER", "alice"), null, SHA, "dev");
        assertEquals("alice", a.sourceIdentity());
        assertEquals("alice-abc1234", a.sessionName());
        assertEquals(SHA, a.gitSha());
        assertEquals(Map.of("env", "dev", "git-sha", SHA), a.sessionTags());
    }

    @Test
    void windowsHasUsername() {
        assertEquals("Bob", Actor.detect(Map.of("USERNAME", "Bob"), null, SHA, "dev").sourceIdentity());
    }

    @Test
    void inGitHubActionsItIsTheActorAndTheRun() {
        Map<String, String> env = Map.of("GITHUB_ACTIONS", "true", "GITHUB_ACTOR", "dependabot[bot]",
                "GITHUB_RUN_ID", "9876543210", "USER", "runner");
        Actor a = Actor.detect(env, null, SHA, "staging");
        assertEquals("dependabot-bot", a.sourceIdentity());
        assertEquals("gh-dependabot-bot-9876543210-abc1234", a.sessionName());
        assertEquals("staging", a.sessionTags().get("env"));
    }

    @Test
    void githubActorOutsideActionsIsIgnored() {
        Actor a = Actor.detect(Map.of("GITHUB_ACTOR", "someone", "USER", "alice"), null, SHA, "dev");
        assertEquals("alice", a.sourceIdentity());
    }

    @Test
    void anOverrideWinsAndIsSanitized() {
        Actor a = Actor.detect(Map.of("USER", "alice"), "José Müller (ops)", SHA, "prod");
        assertEquals("Jose-Muller-ops", a.sourceIdentity());
        assertEquals("Jose-Muller-ops-abc1234", a.sessionName());

        // ':' is outside STS's charset, so the reserved "aws:" prefix cannot survive.
        assertEquals("aws-admin", Actor.detect(Map.of(), "aws:admin", SHA, "dev").sourceIdentity());
    }

    @Test
    void longNamesAreCutToSixtyFourKeepingTheRunAndSha() {
        String longName = "a".repeat(100);
        Actor laptop = Actor.detect(Map.of("USER", longName), null, SHA, "dev");
        assertEquals(64, laptop.sourceIdentity().length());
        assertEquals(64, laptop.sessionName().length());
        assertTrue(laptop.sessionName().endsWith("-abc1234"), laptop.sessionName());

        Actor ci = Actor.detect(Map.of("GITHUB_ACTIONS", "true", "GITHUB_ACTOR", longName, "GITHUB_RUN_ID", "12345678901"),
                null, SHA, "dev");
        assertEquals(64, ci.sessionName().length());
        assertTrue(ci.sessionName().startsWith("gh-aaaa"), ci.sessionName());
        assertTrue(ci.sessionName().endsWith("-12345678901-abc1234"), ci.sessionName());
    }

    @Test
    void tooShortOrEmptyNamesStillSatisfySts() {
        assertEquals("a_", Actor.detect(Map.of("USER", "a"), null, SHA, "dev").sourceIdentity());
        assertEquals("unknown", Actor.detect(Map.of("USER", "!!!"), null, SHA, "dev").sourceIdentity());
        Actor noSha = Actor.detect(Map.of("USER", "alice"), null, null, "dev");
        assertEquals("alice-unknown", noSha.sessionName());
        assertEquals("unknown", noSha.sessionTags().get("git-sha"));
    }

    @Test
    void everythingItBuildsMatchesStsPatterns() {
        for (String who : List.of("x", "名前", "o'brien", "a b\tc", "@@@", "-lead-", "x".repeat(300), "ä", "user@example.com")) {
            Actor a = Actor.detect(Map.of("USER", who), null, SHA, "dev");
            assertTrue(Actor.STS_NAME.matcher(a.sourceIdentity()).matches(), who + " -> " + a.sourceIdentity());
            assertTrue(Actor.STS_NAME.matcher(a.sessionName()).matches(), who + " -> " + a.sessionName());
        }
        assertEquals("user@example.com", Actor.detect(Map.of("USER", "user@example.com"), null, SHA, "dev").sourceIdentity());
    }

    @Test
    void theRecordRefusesValuesStsWouldReject() {
        assertThrows(IllegalArgumentException.class, () -> new Actor("a b", "ok-name", SHA, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new Actor("alice", "x", SHA, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new Actor("alice", "alice-1", SHA, Map.of("aws:env", "dev")));
    }
}
