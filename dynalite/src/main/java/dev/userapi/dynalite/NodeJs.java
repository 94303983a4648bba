package dev.userapi.dynalite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Node.js on the PATH that runs dynalite, checked once: dynalite 4 declares {@code engines.node
 * >= 20}, and an older Node fails later with errors that name neither Node nor the fix.
 *
 * @param executable the command that starts Node ({@code node})
 * @param version    what {@code node --version} printed, e.g. {@code v20.20.2}
 */
public record NodeJs(String executable, String version) {
    /** The oldest Node.js major version dynalite supports. */
    public static final int MINIMUM_MAJOR = 20;

    /** What to tell a user who has no usable Node, after saying what was found. */
    static final String ALTERNATIVES = "install Node.js " + MINIMUM_MAJOR + " or newer (with npm), "
            + "or use another DynamoDB-compatible endpoint with --dynamodb-endpoint URL "
            + "(moto_server, LocalStack, ScyllaDB Alternator, or a table in a dev account)";

    private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.\\d+\\.\\d+.*");

    /**
     * Finds {@code node} on the PATH and checks its version.
     *
     * @throws DynaliteException {@link DynaliteException.Kind#NODE_MISSING} when there is no node, it does
     *                           not answer, or it is older than {@value #MINIMUM_MAJOR}
     */
    public static NodeJs find() {
        return check("node");
    }

    static NodeJs check(String executable) {
        String out;
        try {
            Process p = new ProcessBuilder(List.of(executable, "--version")).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new DynaliteException(DynaliteException.Kind.NODE_MISSING,
                        "`" + executable + " --version` did not answer within 20 s; " + ALTERNATIVES);
            }
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new DynaliteException(DynaliteException.Kind.NODE_MISSING,
                    "the local DynamoDB engine (dynalite) needs Node.js " + MINIMUM_MAJOR + "+, and there is no `"
                            + executable + "` on the PATH; " + ALTERNATIVES, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DynaliteException(DynaliteException.Kind.NODE_MISSING, "interrupted while checking Node.js", e);
        }
        Matcher m = VERSION.matcher(out);
        if (!m.matches()) {
            throw new DynaliteException(DynaliteException.Kind.NODE_MISSING, "`" + executable
                    + " --version` answered \"" + out + "\", not a Node.js version; " + ALTERNATIVES);
        }
        int major = Integer.parseInt(m.group(1));
        if (major < MINIMUM_MAJOR) {
            throw new DynaliteException(DynaliteException.Kind.NODE_MISSING, "the local DynamoDB engine (dynalite) needs "
                    + "Node.js " + MINIMUM_MAJOR + "+, and `" + executable + "` is " + out + "; " + ALTERNATIVES);
        }
        return new NodeJs(executable, out);
    }

    /** npm as installed beside Node (npm.cmd on Windows). */
    String npm() {
        return System.getProperty("os.name", "").startsWith("Windows") ? "npm.cmd" : "npm";
    }
}
