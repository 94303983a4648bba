package dev.userapi.pipeline.suggest;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean ...?": the closest known name to a misspelt one, for accounts.yaml (keys, environments,
 * regions) and templates (references to parameters, resources, conditions and mappings) alike.
 */
public final class Suggestions {
    private Suggestions() {
    }

    /**
     * The candidate closest to {@code value} by edit distance (case-insensitive), if it is close
     * enough to be a plausible typo: at most a third of the longer word, and at least 1 edit allowed.
     * Of equally close candidates the first in {@code candidates}' order wins, so pass an ordered collection.
     */
    public static Optional<String> closest(String value, Collection<String> candidates) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        String v = value.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(v, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        int allowed = Math.max(1, Math.max(v.length(), best.length()) / 3);
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** Optimal string alignment distance: Levenshtein plus adjacent transpositions ("reigon"). */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
