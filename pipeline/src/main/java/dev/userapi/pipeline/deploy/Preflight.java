package dev.userapi.pipeline.deploy;

import dev.userapi.pipeline.auth.Actor;
import dev.userapi.pipeline.auth.Mfa;
import dev.userapi.pipeline.changeset.DeployException;
import dev.userapi.pipeline.changeset.DeployId;
import dev.userapi.pipeline.config.AccountsConfig;
import dev.userapi.pipeline.config.AccountsConfigLoader;
import dev.userapi.pipeline.config.Environment;
import dev.userapi.pipeline.config.Target;
import dev.userapi.pipeline.packaging.Artifact;
import dev.userapi.pipeline.progress.Printer;
import dev.userapi.pipeline.session.Access;
import dev.userapi.pipeline.template.Template;
import dev.userapi.pipeline.template.TemplateParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every check that needs no AWS, done before the first credential is touched: accounts.yaml, the
 * environment, the template and its rules, every target's parameter values, the artifact, the MFA
 * flags. A command that fails here has changed nothing anywhere.
 */
final class Preflight {
    private final Services services;
    private final Printer out;

    Preflight(Services services, Printer out) {
        this.services = services;
        this.out = out;
    }

    /** accounts.yaml, the environment named, the commit and the actor. */
    Scope scope(DeployOptions o) {
        AccountsConfig config = AccountsConfigLoader.load(services.fileOrDefault(o.config(), DeployOptions.DEFAULT_CONFIG));
        Environment env = config.environment(o.environment());
        String gitSha = GitSha.detect(services.env(), services.workDir());
        Actor actor = Actor.detect(services.env(), o.sourceIdentity(), gitSha, env.name());
        return new Scope(config, env, gitSha, actor, mfa(o));
    }

    /** Everything {@link #scope} checks, and the template, its checks, the artifact and every target's parameters. */
    Inputs stack(DeployOptions o) {
        return stack(o, null);
    }

    /** @param plan the plan being executed, whose artifact stands in when no artifact file is given; else null */
    Inputs stack(DeployOptions o, PlanFile plan) {
        Scope scope = scope(o);
        Path templatePath = services.fileOrDefault(o.template(), DeployOptions.DEFAULT_TEMPLATE);
        Template template = TemplateParser.parse(templatePath);
        String text = read(templatePath);
        runChecks(template);
        Path artifactPath = services.fileOrDefault(o.artifact(), DeployOptions.DEFAULT_ARTIFACT);
        boolean local = true;
        Artifact artifact;
        if (plan != null && o.artifact() == null && !Files.isRegularFile(artifactPath)) {
            artifact = new Artifact(artifactPath, plan.artifactSha256(), plan.artifactSize());
            local = false;
        } else {
            if (o.artifact() == null) {
                ArtifactBuild.ensure(services.root(), artifactPath, services.env(), out);
            }
            if (!Files.isRegularFile(artifactPath)) {
                throw DeployException.badInput(artifactPath + ": no artifact there; "
                        + (o.artifact() != null ? "check --artifact" : "build it first (./mvnw -B -pl functions -am -DskipTests package) or pass --artifact PATH"));
            }
            artifact = Artifact.of(artifactPath);
        }
        DeployId id = new DeployId(scope.gitSha(), scope.actor().sourceIdentity(), services.clock().instant());
        Inputs in = new Inputs(scope.config(), scope.env(), template, text, artifact, o.artifact() != null, local, scope.gitSha(),
                scope.actor(), id, scope.mfa());
        // Every target's parameters now, so a bad value fails before the first credential is touched.
        for (Target t : scope.env().targets()) {
            appParameters(in, t, in.artifactKey());
        }
        return in;
    }

    /** The template's findings from every check the deploy runs (the validate rules): bad input when any. */
    void runChecks(Template template) {
        List<String> findings = new ArrayList<>();
        for (TemplateCheck c : services.checks()) {
            findings.addAll(c.check(template));
        }
        if (!findings.isEmpty()) {
            throw DeployException.badInput(String.join("\n", findings) + "\n(" + findings.size() + " template finding"
                    + (findings.size() == 1 ? "" : "s") + "; see 'pipeline validate')");
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw DeployException.badInput(p + ": cannot read: " + e.getMessage());
        }
    }

    /** The app stack's parameter values for one target, checked against the template's declarations. */
    Map<String, String> appParameters(Inputs in, Target t, String artifactKey) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("AppName", in.config().app());
        values.put("ArtifactBucket", t.artifactBucket());
        values.put("ArtifactKey", artifactKey);
        return Parameters.resolve(in.template(), in.config().file(), in.env().name(), values, in.env().parameters(),
                in.env().parameterLines(), in.env().parametersFromEnv(), services.env());
    }

    /** The way into the environment's targets: the base credentials, with the MFA session when asked for. */
    Access access(DeployOptions o, Scope scope) {
        return Access.of(services.aws(), o.profile(), scope.mfa(), scope.env().targets().get(0), out);
    }

    Access access(DeployOptions o, Inputs in) {
        return Access.of(services.aws(), o.profile(), in.mfa(), in.env().targets().get(0), out);
    }

    private Mfa mfa(DeployOptions o) {
        if (o.mfaSerial() == null) {
            if (o.mfaCode() != null) {
                throw DeployException.badInput("--mfa-code needs --mfa-serial (the MFA device ARN)");
            }
            return null;
        }
        if (o.mfaCode() != null) {
            if (!o.mfaCode().matches("[0-9]{6}")) {
                throw DeployException.badInput("--mfa-code must be the 6 digits the device shows");
            }
            String code = o.mfaCode();
            return new Mfa(o.mfaSerial(), () -> code);
        }
        Terminal terminal = services.terminal();
        if (!terminal.interactive()) {
            throw DeployException.badInput("--mfa-serial without --mfa-code needs a terminal to ask for the code; pass --mfa-code");
        }
        return new Mfa(o.mfaSerial(), promptOncePerWindow(() -> terminal.readLine("MFA code for " + o.mfaSerial() + ": ")));
    }

    /** One prompt serves every target assumed within a TOTP window, not one prompt per target. */
    private Supplier<String> promptOncePerWindow(Supplier<String> prompt) {
        return new Supplier<>() {
            private String code;
            private Instant at = Instant.EPOCH;

            @Override
            public synchronized String get() {
                Instant now = services.clock().instant();
                if (code == null || Duration.between(at, now).toSeconds() > 25) {
                    code = prompt.get();
                    at = now;
                }
                return code;
            }
        };
    }
}
