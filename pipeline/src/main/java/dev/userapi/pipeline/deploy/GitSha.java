package dev.userapi.pipeline.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The commit being deployed: {@code GITHUB_SHA} in GitHub Actions, else {@code git rev-parse HEAD}, else unknown. */
public final class GitSha {
    public static final String UNKNOWN = "unknown";

    private GitSha() {
    }

    public static String detect(Map<String, String> env, Path workDir) {
        String fromCi = env.get("GITHUB_SHA");
        if (fromCi != null && fromCi.matches("[0-9a-fA-F]{7,64}")) {
            return fromCi.toLowerCase(Locale.ROOT);
        }
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").directory(workDir.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("[0-9a-f]{40,64}")) {
                return out;
            }
        } catch (IOException e) {
            // no git on this machine: the sha is unknown, which the record says plainly
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return UNKNOWN;
    }
}
