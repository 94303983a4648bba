package dev.userapi.dynalite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A running dynalite: an open-source (Apache-2.0) implementation of DynamoDB's API on LevelDB, run by
 * Node.js as a child process listening on one address of this machine (127.0.0.1 unless told
 * otherwise) and a port the system picked.
 *
 * <p>In memory by default; with a data directory the tables live in LevelDB files there and survive
 * restarts. The child stops when {@link #close()} closes its stdin, and by itself when this JVM dies
 * (the operating system closes the pipe), so no server outlives its user.
 *
 * <p>Any credentials and region are accepted; dynalite checks that a request is signed, not by whom.
 */
public final class Dynalite implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("\\{\"port\":(\\d+)}");
    private static final long START_TIMEOUT_SECONDS = 60;

    private final Process process;
    private final URI endpoint;
    private final Path dataDir;

    private Dynalite(Process process, URI endpoint, Path dataDir) {
        this.process = process;
        this.endpoint = endpoint;
        this.dataDir = dataDir;
    }

    /**
     * Installs dynalite if needed (see {@link DynaliteInstall}) and starts it on 127.0.0.1.
     *
     * @param dataDir  where to keep the tables, or null to keep them in memory
     * @param progress told about a first-time install (a line for the user)
     * @throws DynaliteException when Node.js 20+ is missing, the install fails, or the server does not start
     */
    public static Dynalite start(Path dataDir, Consumer<String> progress) {
        return start("127.0.0.1", dataDir,
                DynaliteInstall.cacheRoot(System.getenv(), System.getProperty("user.home")), progress);
    }

    static Dynalite start(String host, Path dataDir, Path cacheRoot, Consumer<String> progress) {
        NodeJs node = NodeJs.find();
        Path install = DynaliteInstall.ensure(cacheRoot, node, progress);
        Path data = null;
        if (dataDir != null) {
            data = dataDir.toAbsolutePath();
            try {
                Files.createDirectories(data);
            } catch (IOException e) {
                throw new DynaliteException(DynaliteException.Kind.START_FAILED,
                        "cannot create the data directory " + data + ": " + e.getMessage(), e);
            }
        }
        List<String> command = new ArrayList<>(List.of(node.executable(), install.resolve("serve.js").toString(), host));
        if (data != null) {
            command.add(data.toString());
        }
        Process process;
        try {
            process = new ProcessBuilder(command).directory(install.toFile())
                    .redirectError(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw new DynaliteException(DynaliteException.Kind.START_FAILED, "cannot start dynalite: " + e.getMessage(), e);
        }
        StringBuilder errors = new StringBuilder();
        // The pipe readers are platform threads: a read of a process's pipe blocks its thread in the
        // kernel, and a virtual thread blocked there holds its carrier. With two readers on a 2-core
        // machine that was every carrier, once the scheduler's extra ones retired, and the local API's
        // requests (virtual threads in Jetty) stopped being served a minute after it started.
        pipeReader("dynalite-stderr").start(() -> drain(process, errors));
        int port;
        try {
            port = awaitPort(process);
        } catch (RuntimeException e) {
            process.destroyForcibly();
            String said;
            synchronized (errors) {
                said = errors.toString().strip();
            }
            throw new DynaliteException(DynaliteException.Kind.START_FAILED, "dynalite did not start"
                    + (data == null ? "" : " on " + data) + ": " + e.getMessage()
                    + (said.isEmpty() ? "" : "; it said: " + said), e);
        }
        return new Dynalite(process, URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port),
                data);
    }

    /** Reads the one line serve.js prints once it listens; anything it prints later is drained. */
    private static int awaitPort(Process process) {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        }, command -> pipeReader("dynalite-ready").start(command));
        String line;
        try {
            line = first.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + START_TIMEOUT_SECONDS + " s", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (line == null) {
            throw new IllegalStateException("it exited" + (process.isAlive() ? "" : " with code " + waitExit(process)));
        }
        Matcher m = READY.matcher(line.strip());
        if (!m.matches()) {
            throw new IllegalStateException("unexpected first line \"" + line + "\"");
        }
        pipeReader("dynalite-stdout").start(() -> {
            try {
                while (out.readLine() != null) {
                    // nothing: keeps the pipe from filling
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        });
        return Integer.parseInt(m.group(1));
    }

    /** A daemon platform thread for a blocking read of one of dynalite's pipes (see {@link #start}). */
    static Thread.Builder pipeReader(String name) {
        return Thread.ofPlatform().daemon().name(name);
    }

    private static int waitExit(Process process) {
        try {
            process.waitFor(2, TimeUnit.SECONDS);
            return process.isAlive() ? -1 : process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void drain(Process process, StringBuilder errors) {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                synchronized (errors) {
                    if (errors.length() < 4000) {
                        errors.append(line).append('\n');
                    }
                }
            }
        } catch (IOException ignored) {
            // the process is gone
        }
    }

    /** The endpoint to give the SDK, e.g. {@code http://127.0.0.1:40123}. */
    public URI endpoint() {
        return endpoint;
    }

    /** The directory holding the tables, or null when they are in memory. */
    public Path dataDir() {
        return dataDir;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the server, letting it close its store first (5 s), then forcibly. Safe to call twice. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already closed
        }
        try {
            if (!process.waitFor(8, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * {@code java -jar user-api-dynalite.jar [--path DIR]}: starts dynalite, prints its endpoint on
     * stdout, and serves until stdin closes. For scripts (bench/cold-start.sh) that need the same
     * engine as the tests. Exit 2 when Node.js is missing, 1 when it cannot start.
     */
    public static void main(String[] args) throws IOException {
        Path data = null;
        if (args.length == 2 && args[0].equals("--path")) {
            data = Path.of(args[1]);
        } else if (args.length != 0) {
            System.err.println("usage: java -jar user-api-dynalite.jar [--path DIR]");
            System.exit(2);
        }
        PrintStream err = System.err;
        try (Dynalite dynalite = start(data, err::println)) {
            System.out.println(dynalite.endpoint());
            System.out.flush();
            while (System.in.read() != -1) {
                // serve until stdin closes
            }
        } catch (DynaliteException e) {
            err.println("dynalite: " + e.getMessage());
            System.exit(e.kind() == DynaliteException.Kind.NODE_MISSING ? 2 : 1);
        }
    }
}
