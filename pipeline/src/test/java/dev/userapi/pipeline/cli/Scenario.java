package dev.userapi.pipeline.cli;

import dev.userapi.pipeline.changeset.PollSchedule;
import dev.userapi.pipeline.changeset.Sleeper;
import dev.userapi.pipeline.changeset.StackDeployer;
import dev.userapi.pipeline.config.AccountsConfig;
import dev.userapi.pipeline.config.AccountsConfigLoader;
import dev.userapi.pipeline.config.Target;
import dev.userapi.pipeline.deploy.Services;
import dev.userapi.pipeline.deploy.TemplateCheck;
import dev.userapi.pipeline.deploy.Terminal;
import dev.userapi.pipeline.fake.FakeAwsClients;
import dev.userapi.pipeline.fake.FakeCloudFormation;
import dev.userapi.pipeline.fake.MutableClock;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import picocli.CommandLine;

/**
 * A repository checkout (accounts.yaml, the real app template, a built artifact) in a temporary
 * directory, a fake AWS world bootstrapped for it, and the real {@code pipeline} command line wired
 * to both through {@link ServicesFactory}.
 */
final class Scenario {
    static final String SHA = "0123456789abcdef0123456789abcdef01234567";
    static final String ALICE = "arn:aws:iam::111111111111:user/alice";

    static final String ACCOUNTS = """
            app: user-api
            tooling:
              account: "111111111111"
              region: eu-west-1
              ciRole: user-api-ci
              github: { owner: example-org, repo: user-api, ownerId: "1234567", repoId: "89012345" }
            environments:
              dev:
                account: "222222222222"
                region: eu-west-1
                parameters: { LogRetentionDays: 7 }
              staging: { account: "333333333333", region: eu-west-1, after: dev }
              prod:
                account: "444444444444"
                regions: [eu-west-1, us-east-1]
                after: staging
                protected: true
              wide:
                account: "555555555555"
                regions: [eu-west-1, eu-west-2, eu-west-3, eu-central-1, eu-north-1, us-east-1]
                targets:
                  - { account: "666666666666", region: eu-west-1 }
                  - { account: "666666666666", region: eu-west-2 }
                  - { account: "666666666666", region: eu-west-3 }
                  - { account: "666666666666", region: eu-central-1 }
                  - { account: "666666666666", region: eu-north-1 }
                  - { account: "666666666666", region: us-east-1 }
            """;

    final Path dir;
    final MutableClock clock = MutableClock.startingNow();
    final FakeAwsClients aws = new FakeAwsClients(clock);
    final Map<String, String> env = new HashMap<>(Map.of("USER", "alice", "GITHUB_SHA", SHA));
    Terminal terminal = Terminal.NONE;
    List<TemplateCheck> checks = dev.userapi.pipeline.deploy.TemplateChecks.all();
    StackDeployer.WaitLimits limits = StackDeployer.WaitLimits.DEFAULT;
    int parallelism = 4;
    Sleeper sleeper = Sleeper.SYSTEM;
    /** Where the command runs: the checkout's root unless a test moves into a subdirectory. */
    Path workDir;
    /** The deploy's polling schedule, scaled: 0.01 turns the 1 s first poll into 10 ms. */
    double pollScale = 0.01;
    String stdout = "";
    String stderr = "";

    Scenario(Path dir) {
        this(dir, ACCOUNTS);
    }

    Scenario(Path dir, String accounts) {
        this.dir = dir;
        try {
            Files.writeString(dir.resolve("accounts.yaml"), accounts);
            Files.createDirectories(dir.resolve("cloudformation"));
            Files.copy(repo().resolve("cloudformation/app.yaml"), dir.resolve("cloudformation/app.yaml"));
            Path bootstrap = repo().resolve("cloudformation/bootstrap");
            if (Files.isDirectory(bootstrap)) {
                Files.createDirectories(dir.resolve("cloudformation/bootstrap"));
                try (var files = Files.list(bootstrap)) {
                    for (Path f : files.toList()) {
                        Files.copy(f, dir.resolve("cloudformation/bootstrap").resolve(f.getFileName()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        build(1);
        aws.signInAs(ALICE);
        aws.everyCloudFormation(cf -> cf.timing(new FakeCloudFormation.Timing(Duration.ofMillis(15), Duration.ofMillis(1), Duration.ZERO)));
        try {
            AccountsConfig config = AccountsConfigLoader.load(dir.resolve("accounts.yaml"));
            config.environments().values().forEach(e -> e.targets().forEach(t -> aws.bootstrap(t, ALICE)));
        } catch (RuntimeException e) {
            // A scenario with a deliberately broken accounts.yaml has nothing to bootstrap.
        }
    }

    static Path repo() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("cloudformation/app.yaml"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** A "build" of the functions artifact: different content per version, as a real rebuild after a change. */
    Path build(int version) {
        Path jar = dir.resolve("functions/target/user-api-functions.jar");
        byte[] bytes = new byte[4096];
        new Random(version).nextBytes(bytes);
        try {
            Files.createDirectories(jar.getParent());
            Files.write(jar, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }

    Target target(String env, int i) {
        return AccountsConfigLoader.load(dir.resolve("accounts.yaml")).environment(env).targets().get(i);
    }

    FakeCloudFormation cfn(String env) {
        return aws.cloudFormation(target(env, 0));
    }

    void editTemplate(String from, String to) {
        Path t = dir.resolve("cloudformation/app.yaml");
        try {
            String s = Files.readString(t);
            if (!s.contains(from)) {
                throw new IllegalArgumentException("not in app.yaml: " + from);
            }
            Files.writeString(t, s.replace(from, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Services services() {
        return new Services(aws, env, workDir == null ? dir : workDir, terminal, PollSchedule.DEFAULT.scaled(pollScale), sleeper, Clock.systemUTC(),
                limits, parallelism, checks);
    }

    /** A terminal where a person types {@code answer} at every prompt. */
    static Terminal typing(String answer) {
        return new Terminal() {
            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public String readLine(String prompt) {
                return answer;
            }
        };
    }

    /** Runs {@code pipeline ARGS} through the real command line; keeps stdout and stderr. */
    int run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = PipelineCli.commandLine(new ServicesFactory(services()), args);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        stdout = out.toString();
        stderr = err.toString();
        return code;
    }

    String output() {
        return stdout + stderr;
    }

    String read(String relative) {
        try {
            return Files.readString(dir.resolve(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> changeSets(String env) {
        List<String> out = new ArrayList<>();
        AccountsConfigLoader.load(dir.resolve("accounts.yaml")).environment(env).targets()
                .forEach(t -> out.addAll(aws.cloudFormation(t).changeSetNames(t.stackName())));
        return out;
    }
}
