package dev.userapi.pipeline.local;

/**
 * IAM's {@code ArnLike}: the condition operator Lambda writes into a function's resource policy for
 * a permission's {@code SourceArn}. An ARN has six colon-separated components
 * ({@code arn:partition:service:region:account:resource}); each is matched on its own, case-sensitively,
 * where {@code *} matches any run of characters and {@code ?} any one character. So a wildcard never
 * spans a colon between components, but in the resource part ({@code api-id/stage/METHOD/path}) it
 * spans slashes: {@code abc/*}{@code /GET/users/*} matches {@code abc/v1/GET/users/1}.
 */
public final class ArnPattern {
    private static final int COMPONENTS = 6;

    private ArnPattern() {
    }

    public static boolean matches(String pattern, String arn) {
        String[] p = pattern.split(":", COMPONENTS);
        String[] a = arn.split(":", COMPONENTS);
        if (p.length != COMPONENTS || a.length != COMPONENTS) {
            return false;
        }
        for (int i = 0; i < COMPONENTS; i++) {
            if (!glob(p[i], a[i])) {
                return false;
            }
        }
        return true;
    }

    /** {@code *} and {@code ?} wildcards, iteratively with backtracking to the last star (no regex, no blow-up). */
    static boolean glob(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int mark = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
