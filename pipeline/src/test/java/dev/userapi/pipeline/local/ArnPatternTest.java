package dev.userapi.pipeline.local;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ArnPatternTest {
    private static final String ARN = "arn:aws:execute-api:us-east-1:123456789012:abc123/v1/GET/users/1";

    @Test
    void exactArnsMatch() {
        assertTrue(ArnPattern.matches(ARN, ARN));
        assertFalse(ArnPattern.matches(ARN, ARN + "0"));
    }

    @Test
    void aStarInTheResourceSpansSlashes() {
        assertTrue(ArnPattern.matches("arn:aws:execute-api:us-east-1:123456789012:abc123/*/GET/users/*", ARN));
        assertTrue(ArnPattern.matches("arn:aws:execute-api:us-east-1:123456789012:abc123/*", ARN));
        assertTrue(ArnPattern.matches("arn:aws:execute-api:us-east-1:123456789012:abc123/*/*/*", ARN));
        assertTrue(ArnPattern.matches("arn:aws:execute-api:us-east-1:123456789012:abc123/*/GET/users/*",
                "arn:aws:execute-api:us-east-1:123456789012:abc123/v1/GET/users/1/more"), "a star matches slashes too");
    }

    @Test
    void theMethodAndPathMustMatch() {
        assertFalse(ArnPattern.matches("arn:aws:execute-api:us-east-1:123456789012:abc123/*/POST/users", ARN));
        assertFalse(ArnPattern.matches("arn:aws:execute-api:us-east-1:123456789012:abc123/*/GET/users", ARN));
        assertFalse(ArnPattern.matches("arn:aws:execute-api:us-east-1:123456789012:abc123/*/GET/users/2", ARN));
        assertFalse(ArnPattern.matches("arn:aws:execute-api:us-east-1:123456789012:other/*/GET/users/*", ARN));
        assertFalse(ArnPattern.matches("arn:aws:execute-api:us-east-1:123456789012:abc123/*/GET/users/{id}", ARN),
                "a path parameter's name is not a wildcard (SAM issue #110)");
    }

    @Test
    void componentsMatchOneByOneSoAStarNeverSpansAColon() {
        assertTrue(ArnPattern.matches("arn:aws:execute-api:*:*:abc123/*", ARN));
        assertTrue(ArnPattern.matches("arn:aws:execute-api:us-east-?:123456789012:abc123/*", ARN));
        assertFalse(ArnPattern.matches("arn:aws:execute-api:*", ARN), "fewer than six components");
        assertFalse(ArnPattern.matches("arn:aws:*:abc123/*", ARN), "a star does not swallow region and account");
        assertFalse(ArnPattern.matches("arn:aws:execute-api:eu-west-1:123456789012:abc123/*", ARN));
        assertFalse(ArnPattern.matches("arn:aws:execute-api:us-east-1:210987654321:abc123/*", ARN));
    }

    @Test
    void matchingIsCaseSensitive() {
        assertFalse(ArnPattern.matches("arn:aws:execute-api:us-east-1:123456789012:abc123/*/get/users/*", ARN));
    }

    @Test
    void globHandlesRunsOfStarsAndBacktracking() {
        assertTrue(ArnPattern.glob("a**b*c", "axxbyybzc"));
        assertTrue(ArnPattern.glob("*", ""));
        assertFalse(ArnPattern.glob("?", ""));
        assertFalse(ArnPattern.glob("a*b", "axxc"));
    }
}
