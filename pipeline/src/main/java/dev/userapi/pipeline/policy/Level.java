package dev.userapi.pipeline.policy;

/**
 * How serious a rule's findings are. Any finding fails {@code pipeline validate}; the level only
 * tells readers (and GitHub code scanning) which ones to look at first.
 */
public enum Level {
    /** A security or data-loss problem. */
    ERROR("error"),
    /** A hygiene problem that costs money or clarity rather than safety. */
    WARNING("warning");

    private final String sarif;

    Level(String sarif) {
        this.sarif = sarif;
    }

    /** The SARIF 2.1.0 {@code level} value. */
    public String sarif() {
        return sarif;
    }
}
