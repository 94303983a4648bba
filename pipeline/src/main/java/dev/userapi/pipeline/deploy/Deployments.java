package dev.userapi.pipeline.deploy;

import dev.userapi.pipeline.auth.Actor;
import dev.userapi.pipeline.auth.AssumedRole;
import dev.userapi.pipeline.auth.AuthException;
import dev.userapi.pipeline.auth.Mfa;
import dev.userapi.pipeline.auth.MfaSession;
import dev.userapi.pipeline.auth.RoleAssumer;
import dev.userapi.pipeline.changeset.AwsErrors;
import dev.userapi.pipeline.changeset.Capabilities;
import dev.userapi.pipeline.changeset.DeployException;
import dev.userapi.pipeline.changeset.DeployId;
import dev.userapi.pipeline.changeset.Poller;
import dev.userapi.pipeline.changeset.Prepared;
import dev.userapi.pipeline.changeset.StackDeployer;
import dev.userapi.pipeline.changeset.StackSnapshot;
import dev.userapi.pipeline.changeset.StackSpec;
import dev.userapi.pipeline.changeset.StatefulResources;
import dev.userapi.pipeline.cli.ExitCodes;
import dev.userapi.pipeline.config.AccountsConfig;
import dev.userapi.pipeline.config.AccountsConfigLoader;
import dev.userapi.pipeline.config.Environment;
import dev.userapi.pipeline.config.Target;
import dev.userapi.pipeline.execrole.DerivedPolicy;
import dev.userapi.pipeline.execrole.ExecRolePolicy;
import dev.userapi.pipeline.packaging.Artifact;
import dev.userapi.pipeline.packaging.ArtifactStore;
import dev.userapi.pipeline.packaging.PackagingException;
import dev.userapi.pipeline.packaging.S3Location;
import dev.userapi.pipeline.progress.Printer;
import dev.userapi.pipeline.record.DeployRecord;
import dev.userapi.pipeline.record.RecordStore;
import dev.userapi.pipeline.template.Template;
import dev.userapi.pipeline.template.TemplateParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The deploy, plan, status and bootstrap use cases over every target of an environment. Everything
 * that can be checked without AWS (accounts.yaml, the template and its checks, parameters, the
 * artifact) is checked first; only then are credentials touched.
 */
public final class Deployments {
    static final Path RECORDS = Path.of(".pipeline", "records");

    private final Services services;
    private final Printer out;
    private final Rollout rollout;

    public Deployments(Services services, Printer out) {
        this.services = services;
        this.out = out;
        this.rollout = new Rollout(services, out);
    }

    /**
     * What was validated before any AWS call.
     *
     * @param artifactLocal false when {@code deploy --plan} runs without the artifact file: the plan's
     *                      sha256 and S3 key stand for it (CI hands over the plan, the artifact is in S3)
     */
    record Inputs(AccountsConfig config, Environment env, Template template, String templateText, Artifact artifact,
                  boolean artifactExplicit, boolean artifactLocal, String gitSha, Actor actor, DeployId deployId) {
    }

    // ================================================================== deploy

    public Report deploy(DeployOptions o) {
        Inputs in = preflight(o);
        Credentials creds = credentials(o, in.env());
        checkPromotion(in, creds);
        List<TargetRun> runs = runs(in.env());
        announce("deploying", in, runs);
        rollout.parallel(runs, run -> prepareAppStack(in, run, creds, limits(o)));
        String stopped = timedReview(runs, () -> rollout.review(runs, o.allowReplace(), in.env().isProtected(), o.yes(), in.env().name()));
        if (stopped == null) {
            rollout.execute(runs, o.allowReplace());
        }
        writeRecords(in, runs);
        return report("deploy", in, runs, stopped);
    }

    // ================================================================== plan

    /**
     * Everything up to showing the change sets; never executes. Without {@code save} the change sets
     * (and any placeholder stack) are deleted; with it they are kept and the plan file written.
     */
    public Report plan(DeployOptions o, Path save) {
        Inputs in = preflight(o);
        Credentials creds = credentials(o, in.env());
        checkPromotion(in, creds);
        List<TargetRun> runs = runs(in.env());
        announce("planning", in, runs);
        // The app template's types against the execution role each account actually has: a type the
        // role cannot manage is refused here, not half-way through a change set.
        DerivedPolicy derived = ExecRolePolicy.shipped().derive(in.template());
        rollout.parallel(runs, run -> prepareAppStack(in, run, creds, limits(o), derived));
        String stopped = rollout.review(runs, o.allowReplace(), false, false, in.env().name());
        if (stopped == null && save != null) {
            List<TargetRun> recreate = runs.stream().filter(r -> r.prepared instanceof Prepared.Recreate).toList();
            if (!recreate.isEmpty()) {
                rollout.discard(runs);
                stopped = "cannot save a plan: " + recreate.get(0).stackName + " is ROLLBACK_COMPLETE and has to be deleted"
                        + " before a change set can be made; run 'pipeline deploy --env " + in.env().name() + "'";
                out.error(stopped);
                for (TargetRun r : runs) {
                    r.finish(TargetRun.Result.REFUSED, stopped);
                }
            }
        }
        if (stopped == null) {
            if (save == null) {
                rollout.discard(runs);
            } else {
                Path file = services.resolve(save);
                planFile(in, o, runs).write(file);
                out.info("plan saved to " + file + "; execute it with: pipeline deploy --plan " + save);
            }
            for (TargetRun r : runs) {
                if (r.result == null) {
                    r.finish(TargetRun.Result.PLANNED, null);
                }
            }
        }
        return report("plan", in, runs, stopped);
    }

    /** No AWS at all: what would be assumed, uploaded and changed, from the files alone. */
    public Report planOffline(DeployOptions o) {
        Inputs in = preflight(o);
        List<TargetRun> runs = runs(in.env());
        announce("planning (offline)", in, runs);
        String key = artifactKey(in);
        for (TargetRun run : runs) {
            Target t = run.target;
            Map<String, String> params = appParameters(in, t, key);
            run.out.info("would assume " + t.deployerRoleArn() + " in account " + t.account() + " (" + t.region() + ")"
                    + " as " + in.actor().sourceIdentity() + ", session " + in.actor().sessionName()
                    + (t.endpoint() == null ? "" : ", endpoint " + t.endpoint()));
            run.out.info("would upload the artifact to s3://" + t.artifactBucket() + "/" + key + " unless it is there");
            run.out.info("would change stack " + t.stackName() + " through a change set run by " + t.executionRoleArn()
                    + ", capabilities " + Capabilities.required(in.template()));
            run.out.info("parameters:");
            Set<String> secret = Parameters.secretNames(in.template(), in.env().parametersFromEnv().keySet());
            Parameters.masked(params, secret).forEach((k, v) -> run.out.info("  " + k + " = " + v
                    + (in.env().parametersFromEnv().containsKey(k) ? " (from $" + in.env().parametersFromEnv().get(k) + ")" : "")));
            if (in.env().isProtected()) {
                run.out.info("protected: needs --yes or a confirmation; termination protection and a stack policy on "
                        + StatefulResources.in(in.template()));
            }
            run.finish(TargetRun.Result.PLANNED, null);
        }
        return report("plan", in, runs, null);
    }

    // ================================================================== deploy --plan

    public Report deployPlan(DeployOptions o, Path planPath) {
        PlanFile plan = PlanFile.read(services.resolve(planPath));
        if (o.environment() != null && !o.environment().equals(plan.environment())) {
            throw DeployException.badInput(planPath + " is a plan for " + plan.environment() + ", not " + o.environment());
        }
        DeployOptions effective = new DeployOptions(plan.environment(), o.profile(), o.config(), o.template(), o.artifact(), o.yes(),
                union(plan.allowReplace(), o.allowReplace()), o.sourceIdentity(), o.mfaSerial(), o.mfaCode(), o.busyTimeout());
        Inputs in = preflight(effective, plan);
        if (!in.artifact().sha256().equals(plan.artifactSha256())) {
            throw DeployException.refused("the artifact " + in.artifact().path() + " (sha256 " + in.artifact().sha256()
                    + ") is not the one planned (sha256 " + plan.artifactSha256() + "); pass --artifact with the planned build, or make a new plan");
        }
        Map<String, PlanFile.PlannedTarget> planned = new LinkedHashMap<>();
        for (PlanFile.PlannedTarget p : plan.targets()) {
            planned.put(p.account() + "/" + p.region(), p);
        }
        for (Target t : in.env().targets()) {
            if (!planned.containsKey(t.account() + "/" + t.region())) {
                throw DeployException.badInput(planPath + " has no change set for " + t.label() + "; make a new plan");
            }
        }
        Credentials creds = credentials(effective, in.env());
        List<TargetRun> runs = runs(in.env());
        announce("deploying the plan " + planPath + " for", in, runs);
        rollout.parallel(runs, run -> preparePlanned(in, run, creds, planned.get(run.account + "/" + run.region), limits(effective)));
        String stopped = timedReview(runs, () -> rollout.review(runs, effective.allowReplace(), in.env().isProtected(), effective.yes(), in.env().name()));
        if (stopped == null) {
            rollout.execute(runs, effective.allowReplace());
        }
        writeRecords(in, runs);
        return report("deploy", in, runs, stopped);
    }

    private void preparePlanned(Inputs in, TargetRun run, Credentials creds, PlanFile.PlannedTarget p, StackDeployer.WaitLimits limits) {
        connect(in, run, creds, limits);
        ArtifactStore store = new ArtifactStore(run.s3, run.target.artifactBucket(), in.config().app(), run.callerArn);
        if (in.artifactLocal()) {
            run.artifact = run.timed("upload", () -> store.ensureUploaded(in.artifact()));
        } else {
            // No artifact file here: the plan's upload must still be in place for the functions to deploy.
            String key = p.artifactKey();
            try {
                run.timed("upload", () -> run.s3.headObject(b -> b.bucket(store.bucket()).key(key)));
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    throw DeployException.refused("the planned artifact s3://" + store.bucket() + "/" + key
                            + " is no longer there; pass --artifact with the planned build, or make a new plan");
                }
                throw e;
            }
            run.artifact = new S3Location(store.bucket(), key, false);
        }
        StackSnapshot now = run.deployer.describe(run.stackName);
        String nowStatus = now == null ? "no stack" : now.status();
        String nowChanged = now == null || now.changedAt() == null ? null : now.changedAt().toString();
        if (!nowStatus.equals(p.stackStatus()) || !Objects.equals(nowChanged, p.stackChangedAt())) {
            throw DeployException.refused("stack " + run.stackName + " changed since the plan: planned at " + p.stackStatus()
                    + " (last changed " + p.stackChangedAt() + "), now " + nowStatus + " (last changed " + nowChanged
                    + "); make a new plan");
        }
        run.spec = spec(in, run, p.artifactKey());
        if (p.changeSetId() == null) {
            run.prepared = new Prepared.NoChanges(run.spec, now, "no changes when planned");
            return;
        }
        run.prepared = run.timed("changeset", () -> run.deployer.load(run.spec, now, p.changeSetId(), p.statefulIds()));
    }

    private PlanFile planFile(Inputs in, DeployOptions o, List<TargetRun> runs) {
        List<PlanFile.PlannedTarget> targets = new ArrayList<>();
        for (TargetRun r : runs) {
            Prepared p = r.prepared;
            // A change set that created its stack made a REVIEW_IN_PROGRESS placeholder: that is the state to keep.
            StackSnapshot state = p instanceof Prepared.Ready ready && (ready.createdStack() || p.before() == null)
                    ? r.deployer.describe(ready.stackId())
                    : p.before();
            String changedAt = state == null || state.changedAt() == null ? null : state.changedAt().toString();
            String status = state == null ? "no stack" : state.status();
            if (p instanceof Prepared.Ready ready) {
                targets.add(new PlanFile.PlannedTarget(r.label, r.account, r.region, r.stackName, ready.stackId(), ready.changeSetId(),
                        ready.changeSetName(), ready.changeSetType(), status, changedAt, r.artifact.key(), ready.statefulIds(), ready.changes()));
            } else {
                targets.add(new PlanFile.PlannedTarget(r.label, r.account, r.region, r.stackName, state == null ? null : state.stackId(),
                        null, null, null, status, changedAt, r.artifact.key(), r.spec.statefulIds(), List.of()));
            }
        }
        return new PlanFile(PlanFile.VERSION, in.config().app(), in.env().name(), in.gitSha(), in.actor().sourceIdentity(),
                services.clock().instant().toString(), in.artifact().sha256(), in.artifact().size(), o.allowReplace(), targets);
    }

    // ================================================================== status

    public Report status(DeployOptions o) {
        AccountsConfig config = AccountsConfigLoader.load(services.resolve(o.config()));
        Environment env = config.environment(o.environment());
        String gitSha = GitSha.detect(services.env(), services.workDir());
        Actor actor = Actor.detect(services.env(), o.sourceIdentity(), gitSha, env.name());
        Credentials creds = credentials(o, env);
        List<TargetRun> runs = runs(env);
        RecordStore local = new RecordStore(services.resolve(RECORDS));
        Map<TargetRun, Optional<DeployRecord>> records = new ConcurrentHashMap<>();
        Map<TargetRun, StackSnapshot> stacks = new ConcurrentHashMap<>();
        rollout.parallel(runs, run -> {
            AssumedRole role = run.timed("assume", () -> creds.assumer().assume(run.target, actor, creds.mfa()));
            CloudFormationClient cfn = services.aws().cloudFormation(run.region, role.credentials(), run.endpoint);
            S3Client s3 = services.aws().s3(run.region, role.credentials(), run.endpoint);
            StackDeployer d = new StackDeployer(cfn, run.out, poller(), services.waitLimits());
            StackSnapshot s = d.describe(run.stackName);
            Optional<DeployRecord> rec = RecordStore.readLatest(new ArtifactStore(s3, run.target.artifactBucket(), config.app(), role.arn()),
                    config.app(), env.name(), run.account, run.region);
            if (rec.isEmpty()) {
                rec = local.readLocalLatest(env.name(), run.account, run.region);
            }
            if (rec.isPresent() && rec.get().result() == DeployRecord.Result.UNKNOWN) {
                ArtifactStore bucket = new ArtifactStore(s3, run.target.artifactBucket(), config.app(), role.arn());
                rec = Optional.of(settle(rec.get(), d, run.out, local, bucket));
            }
            if (rec.isPresent()) {
                run.recordKey = RecordStore.latestKey(config.app(), env.name(), run.account, run.region);
            }
            if (s != null) {
                stacks.put(run, s);
            }
            records.put(run, rec);
            run.out.info("stack " + run.stackName + ": " + (s == null ? "not deployed" : s.status()
                    + (s.changedAt() == null ? "" : " (last changed " + s.changedAt() + ")")
                    + (s.statusReason() == null ? "" : " " + s.statusReason())));
            rec.ifPresentOrElse(r -> run.out.info("last deploy: " + r.result() + " at " + r.finishedAt() + " by " + r.actor()
                            + ", git " + r.gitSha() + ", artifact sha256 " + (r.artifact() == null ? "?" : r.artifact().sha256())
                            + (r.changeSetName() == null ? "" : ", change set " + r.changeSetName())
                            + (r.reason() == null ? "" : " (" + r.reason() + ")")),
                    () -> run.out.info("last deploy: no record"));
            if (s != null && !s.outputs().isEmpty()) {
                run.out.info("outputs:");
                s.sortedOutputs().forEach((k, v) -> run.out.info("  " + k + " = " + v));
            }
            run.finish(TargetRun.Result.SUCCEEDED, null);
        });
        List<TargetReport> targets = new ArrayList<>();
        for (TargetRun r : runs) {
            StackSnapshot s = stacks.get(r);
            Optional<DeployRecord> rec = records.getOrDefault(r, Optional.empty());
            targets.add(new TargetReport(r.label, r.account, r.region, r.stackName, r.failed() ? r.result.name() : s == null ? "NOT_DEPLOYED" : s.status(),
                    r.failed() ? r.reason : rec.map(x -> x.result() + " at " + x.finishedAt() + " by " + x.actor() + ", git " + x.gitSha()).orElse(null),
                    rec.map(DeployRecord::changeSetName).orElse(null), rec.map(DeployRecord::changeSetId).orElse(null),
                    rec.map(DeployRecord::changeSetType).orElse(null), rec.map(DeployRecord::changes).orElse(List.of()),
                    s == null ? null : s.status(), s == null ? Map.of() : s.outputs(), r.recordKey, null, r.phases));
        }
        int exit = exitCode(runs);
        return new Report("status", config.app(), env.name(), exit == 0 ? "SUCCEEDED" : "FAILED", exit, null, gitSha,
                actor.sourceIdentity(), null, null, targets);
    }

    // ================================================================== bootstrap

    /**
     * Deploys a bootstrap template with the caller's own credentials (no role to assume exists yet),
     * after checking that they belong to the account being bootstrapped.
     *
     * @param ci true: ci-identity.yaml into the tooling account; false: target-account.yaml into each target of the environment
     */
    public Report bootstrap(DeployOptions o, boolean ci, String existingOidcProviderArn) {
        AccountsConfig config = AccountsConfigLoader.load(services.resolve(o.config()));
        Environment env = ci ? null : config.environment(o.environment());
        Path templatePath = services.resolve(o.template() != null && !o.template().equals(DeployOptions.DEFAULT_TEMPLATE) ? o.template()
                : Path.of("cloudformation", "bootstrap", ci ? "ci-identity.yaml" : "target-account.yaml"));
        Template template = TemplateParser.parse(templatePath);
        String text = read(templatePath);
        runChecks(template);
        if (!ci) {
            ExecRoleCheck.requireDerived(template, services.resolve(ExecRoleCheck.APP_TEMPLATE));
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > StackSpec.MAX_TEMPLATE_BODY_BYTES) {
            throw DeployException.badInput(templatePath + " is larger than CloudFormation's 51,200-byte TemplateBody limit, and a bootstrap"
                    + " stack has no bucket to upload it to yet; make it smaller");
        }
        String app = config.app();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("AppName", app);
        List<TargetRun> runs;
        String envName;
        if (ci) {
            if (config.tooling() == null || config.tooling().github() == null) {
                throw DeployException.badInput(config.file() + ": tooling.github: bootstrap --ci needs the GitHub owner, repo and their numeric ids");
            }
            var gh = config.tooling().github();
            values.put("GitHubOwner", gh.owner());
            values.put("GitHubRepo", gh.repo());
            values.put("GitHubOwnerId", gh.ownerId());
            values.put("GitHubRepoId", gh.repoId());
            Set<String> deployers = new LinkedHashSet<>();
            config.environments().values().forEach(e -> e.targets().forEach(t -> deployers.add(t.deployerRoleArn())));
            values.put("DeployerRoleArns", String.join(",", deployers));
            values.put("CreateOidcProvider", existingOidcProviderArn == null ? "true" : "false");
            values.put("ExistingOidcProviderArn", existingOidcProviderArn == null ? "" : existingOidcProviderArn);
            envName = "tooling";
            String label = "tooling " + config.tooling().account() + "/" + config.tooling().region();
            runs = List.of(new TargetRun(label, envName, config.tooling().account(), config.tooling().region(), app + "-ci-identity",
                    null, null, out, services.clock()));
        } else {
            values.put("CiRoleArn", config.tooling().ciRoleArn());
            values.put("TrustedPrincipalArns", String.join(",", env.trustedPrincipals()));
            envName = env.name();
            boolean labelled = env.targets().size() > 1;
            runs = env.targets().stream().map(t -> new TargetRun(t.label(), t.environment(), t.account(), t.region(), app + "-bootstrap",
                    t.endpoint(), t, labelled ? out.labelled(t.label()) : out, services.clock())).toList();
        }
        // IAM names are account-wide, the bucket regional: only the first target of each account creates the IAM part.
        Map<TargetRun, Map<String, String>> params = new LinkedHashMap<>();
        Set<String> accountsSeen = new LinkedHashSet<>();
        for (TargetRun run : runs) {
            Map<String, String> v = new LinkedHashMap<>(values);
            v.put("CreateIamResources", accountsSeen.add(run.account) ? "true" : "false");
            params.put(run, Parameters.resolve(template, config.file(), envName, v, Map.of()));
        }
        String gitSha = GitSha.detect(services.env(), services.workDir());
        Actor actor = Actor.detect(services.env(), o.sourceIdentity(), gitSha, envName);
        DeployId id = new DeployId(gitSha, actor.sourceIdentity(), services.clock().instant());
        boolean protectedEnv = env != null && env.isProtected();
        AwsCredentialsProvider own = services.aws().baseCredentials(o.profile());
        out.info("bootstrapping " + app + " in " + (ci ? "the tooling account" : envName) + " (" + runs.size() + " target"
                + (runs.size() == 1 ? "" : "s") + ") with your own credentials, template " + templatePath.getFileName());
        rollout.parallel(runs, run -> {
            StsClient sts = services.aws().sts(run.region, own, run.endpoint);
            var caller = run.timed("assume", () -> sts.getCallerIdentity());
            if (!run.account.equals(caller.account())) {
                throw DeployException.refused("bootstrapping " + run.label + " needs credentials of account " + run.account
                        + " (an administrator there); these are " + caller.arn() + " in account " + caller.account()
                        + ". Pick the right ones with --profile.");
            }
            run.callerArn = caller.arn();
            run.out.info("as " + caller.arn());
            CloudFormationClient cfn = services.aws().cloudFormation(run.region, own, run.endpoint);
            run.deployer = new StackDeployer(cfn, run.out, poller(), limits(o));
            run.spec = new StackSpec(run.stackName, template, text, null, params.get(run), Capabilities.required(template), null,
                    tags(app, envName), id, id.description(app, envName + " bootstrap"), StatefulResources.in(template), protectedEnv);
            run.prepared = run.timed("changeset", () -> run.deployer.prepare(run.spec));
        });
        String stopped = rollout.review(runs, o.allowReplace(), protectedEnv, o.yes(), envName);
        if (stopped == null) {
            rollout.execute(runs, o.allowReplace());
        }
        List<TargetReport> targets = runs.stream().map(this::targetReport).toList();
        int exit = exitCode(runs);
        return new Report(ci ? "bootstrap --ci" : "bootstrap", app, envName, overall("bootstrap", runs, exit), exit, stopped, gitSha,
                actor.sourceIdentity(), null, null, targets);
    }

    // ================================================================== preflight (no AWS)

    Inputs preflight(DeployOptions o) {
        return preflight(o, null);
    }

    /** @param plan the plan being executed, whose artifact stands in when no artifact file is given; else null */
    Inputs preflight(DeployOptions o, PlanFile plan) {
        AccountsConfig config = AccountsConfigLoader.load(services.resolve(o.config()));
        Environment env = config.environment(o.environment());
        Path templatePath = services.resolve(o.template());
        Template template = TemplateParser.parse(templatePath);
        String text = read(templatePath);
        runChecks(template);
        Path artifactPath = services.resolve(o.artifact() != null ? o.artifact() : DeployOptions.DEFAULT_ARTIFACT);
        boolean local = true;
        Artifact artifact;
        if (plan != null && o.artifact() == null && !Files.isRegularFile(artifactPath)) {
            artifact = new Artifact(artifactPath, plan.artifactSha256(), plan.artifactSize());
            local = false;
        } else {
            if (o.artifact() == null) {
                ArtifactBuild.ensure(services.workDir(), artifactPath, services.env(), out);
            }
            if (!Files.isRegularFile(artifactPath)) {
                throw DeployException.badInput(artifactPath + ": no artifact there; "
                        + (o.artifact() != null ? "check --artifact" : "build it first (./mvnw -B -pl functions -am -DskipTests package) or pass --artifact PATH"));
            }
            artifact = Artifact.of(artifactPath);
        }
        String gitSha = GitSha.detect(services.env(), services.workDir());
        Actor actor = Actor.detect(services.env(), o.sourceIdentity(), gitSha, env.name());
        DeployId id = new DeployId(gitSha, actor.sourceIdentity(), services.clock().instant());
        Inputs in = new Inputs(config, env, template, text, artifact, o.artifact() != null, local, gitSha, actor, id);
        // Every target's parameters now, so a bad value fails before the first credential is touched.
        for (Target t : env.targets()) {
            appParameters(in, t, artifactKey(in));
        }
        mfa(o);
        return in;
    }

    private void runChecks(Template template) {
        List<String> findings = new ArrayList<>();
        for (TemplateCheck c : services.checks()) {
            findings.addAll(c.check(template));
        }
        if (!findings.isEmpty()) {
            throw DeployException.badInput(String.join("\n", findings) + "\n(" + findings.size() + " template finding"
                    + (findings.size() == 1 ? "" : "s") + "; see 'pipeline validate')");
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw DeployException.badInput(p + ": cannot read: " + e.getMessage());
        }
    }

    private static String artifactKey(Inputs in) {
        return ArtifactStore.artifactKey(in.config().app(), in.artifact());
    }

    private Map<String, String> appParameters(Inputs in, Target t, String artifactKey) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("AppName", in.config().app());
        values.put("ArtifactBucket", t.artifactBucket());
        values.put("ArtifactKey", artifactKey);
        return Parameters.resolve(in.template(), in.config().file(), in.env().name(), values, in.env().parameters(),
                in.env().parameterLines(), in.env().parametersFromEnv(), services.env());
    }

    // ================================================================== per target

    /** The credentials every target starts from, and how to get into each. */
    record Credentials(RoleAssumer assumer, Mfa mfa) {
    }

    /**
     * With MFA, one session from GetSessionToken (made now, so a refused code is reported before any
     * target starts) signs every AssumeRole of the command: STS accepts a code once, and a session made
     * with it satisfies aws:MultiFactorAuthPresent for every target and every renewal.
     */
    private Credentials credentials(DeployOptions o, Environment env) {
        AwsCredentialsProvider base = services.aws().baseCredentials(o.profile());
        Mfa mfa = mfa(o);
        if (mfa == null) {
            return new Credentials(new RoleAssumer(services.aws(), base, o.profile()), null);
        }
        Target first = env.targets().get(0);
        MfaSession session = new MfaSession(services.aws(), base, mfa, first.region(), first.endpoint(), o.profile());
        session.resolveCredentials();
        out.info("MFA: one GetSessionToken session (" + mfa.serialNumber() + ") serves every target and renewal of this run");
        return new Credentials(new RoleAssumer(services.aws(), session, o.profile()), null);
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

    private void connect(Inputs in, TargetRun run, Credentials creds, StackDeployer.WaitLimits limits) {
        AssumedRole role = run.timed("assume", () -> creds.assumer().assume(run.target, in.actor(), creds.mfa()));
        run.credentials = role.credentials();
        run.callerArn = role.arn();
        run.out.info("assumed " + role.arn());
        run.s3 = services.aws().s3(run.region, role.credentials(), run.endpoint);
        CloudFormationClient cfn = services.aws().cloudFormation(run.region, role.credentials(), run.endpoint);
        run.deployer = new StackDeployer(cfn, run.out, poller(), limits);
    }

    private void prepareAppStack(Inputs in, TargetRun run, Credentials creds, StackDeployer.WaitLimits limits) {
        prepareAppStack(in, run, creds, limits, null);
    }

    /** @param derived with a policy (plan), the deployed execution role is checked against it first */
    private void prepareAppStack(Inputs in, TargetRun run, Credentials creds, StackDeployer.WaitLimits limits, DerivedPolicy derived) {
        connect(in, run, creds, limits);
        if (derived != null) {
            CloudFormationClient cfn = services.aws().cloudFormation(run.region, run.credentials, run.endpoint);
            run.timed("exec-role", () -> DeployedExecutionRole.check(cfn, in.config().app(), in.env().name(), run.label, derived))
                    .ifPresent(run.out::warn);
        }
        ArtifactStore store = new ArtifactStore(run.s3, run.target.artifactBucket(), in.config().app(), run.callerArn);
        run.artifact = run.timed("upload", () -> store.ensureUploaded(in.artifact()));
        run.out.info((run.artifact.uploaded() ? "uploaded the artifact to " : "the artifact is already in ")
                + "s3://" + run.artifact.bucket() + "/" + run.artifact.key());
        run.spec = spec(in, run, run.artifact.key());
        run.prepared = run.timed("changeset", () -> run.deployer.prepare(run.spec));
    }

    private StackSpec spec(Inputs in, TargetRun run, String artifactKey) {
        String app = in.config().app();
        Map<String, String> params = appParameters(in, run.target, artifactKey);
        String body = in.templateText();
        String url = null;
        if (body.getBytes(StandardCharsets.UTF_8).length > StackSpec.MAX_TEMPLATE_BODY_BYTES) {
            url = run.timed("upload", () -> uploadTemplate(in, run));
            body = null;
        }
        DeployId id = in.deployId();
        return new StackSpec(run.stackName, in.template(), body, url, params, Capabilities.required(in.template()),
                run.target.executionRoleArn(), tags(app, in.env().name()), id, id.description(app, in.env().name()),
                StatefulResources.in(in.template()), in.env().isProtected());
    }

    /** Templates over 51,200 bytes go to the artifact bucket, content-addressed like the artifact. */
    private String uploadTemplate(Inputs in, TargetRun run) {
        String sha;
        try {
            sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.templateText().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
        String bucket = run.target.artifactBucket();
        String key = in.config().app() + "/templates/" + sha + ".yaml";
        run.s3.putObject(b -> b.bucket(bucket).key(key).contentType("text/yaml"), RequestBody.fromString(in.templateText(), StandardCharsets.UTF_8));
        if (run.endpoint != null) {
            return run.endpoint.toString().replaceAll("/+$", "") + "/" + bucket + "/" + key;
        }
        String suffix = run.region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
        return "https://" + bucket + ".s3." + run.region + "." + suffix + "/" + key;
    }

    private static Map<String, String> tags(String app, String env) {
        // No git sha tag: stack tags propagate to every resource, so a per-commit tag would modify all of
        // them on every deploy and turn a no-op redeploy into an update. The sha is in the change set
        // name, its description and the deploy record instead.
        return Map.of("app", app, "env", env, "managed-by", "pipeline");
    }

    /**
     * Promotion: without --artifact, the artifact must be the one the previous environment runs, as its
     * latest deploy record says. The record is read from the previous environment's artifact bucket
     * (through its deployer role, which is authoritative); if that role cannot be assumed from here, the
     * local record of a deploy made from this machine is used instead.
     */
    private void checkPromotion(Inputs in, Credentials creds) {
        Optional<Environment> prev = in.config().previous(in.env());
        if (prev.isEmpty()) {
            return;
        }
        if (in.artifactExplicit()) {
            out.info("deploying " + in.artifact().path() + " (sha256 " + in.artifact().sha256() + ") as --artifact says;"
                    + " not compared with what " + prev.get().name() + " runs");
            return;
        }
        Target t = prev.get().targets().get(0);
        String app = in.config().app();
        Optional<DeployRecord> rec;
        String where;
        CloudFormationClient prevCfn = null;
        ArtifactStore prevBucket = null;
        try {
            Actor actor = Actor.detect(services.env(), in.actor().sourceIdentity(), in.gitSha(), prev.get().name());
            AssumedRole role = creds.assumer().assume(t, actor, creds.mfa());
            S3Client s3 = services.aws().s3(t.region(), role.credentials(), t.endpoint());
            where = "s3://" + t.artifactBucket() + "/" + RecordStore.latestKey(app, prev.get().name(), t.account(), t.region());
            prevBucket = new ArtifactStore(s3, t.artifactBucket(), app, role.arn());
            rec = RecordStore.readLatest(prevBucket, app, prev.get().name(), t.account(), t.region());
            prevCfn = services.aws().cloudFormation(t.region(), role.credentials(), t.endpoint());
        } catch (AuthException | SdkException | PackagingException e) {
            out.warn("cannot read " + prev.get().name() + "'s deploy record from its bucket (" + AwsErrors.describe(e)
                    + "); using the record of this machine's last deploy there");
            where = services.resolve(RECORDS) + "/" + prev.get().name() + "/" + t.account() + "-" + t.region() + "/latest.json";
            rec = new RecordStore(services.resolve(RECORDS)).readLocalLatest(prev.get().name(), t.account(), t.region());
        }
        if (rec.isEmpty()) {
            throw DeployException.refused("nothing is recorded as deployed to " + prev.get().name() + " (no " + where + "): "
                    + in.env().name() + " takes its artifact from there. Deploy " + prev.get().name()
                    + " first, or pass --artifact PATH to deploy a build deliberately.");
        }
        DeployRecord r = rec.get();
        if (r.result() == DeployRecord.Result.UNKNOWN && prevCfn != null) {
            // Not final: the stack itself says how that execution ended.
            r = settle(r, new StackDeployer(prevCfn, out, poller(), services.waitLimits()), out,
                    new RecordStore(services.resolve(RECORDS)), prevBucket);
        }
        if (r.result() == DeployRecord.Result.UNKNOWN) {
            throw DeployException.refused("the last deploy to " + prev.get().name() + " is still 'executing; result unknown' (" + where
                    + "): its stack has not reached a final status that can be read from here. Run 'pipeline status --env "
                    + prev.get().name() + "' once it has, then promote.");
        }
        if (!r.deployed()) {
            throw DeployException.refused("the last deploy to " + prev.get().name() + " " + r.result() + " (" + r.reason() + ", " + where
                    + "); promote only what runs there, or pass --artifact PATH deliberately");
        }
        if (r.artifact() == null || !in.artifact().sha256().equals(r.artifact().sha256())) {
            throw DeployException.refused("the artifact " + in.artifact().path() + " (sha256 " + in.artifact().sha256() + ") is not what runs in "
                    + prev.get().name() + " (sha256 " + (r.artifact() == null ? "?" : r.artifact().sha256()) + ", git " + r.gitSha()
                    + ", deployed by " + r.actor() + " at " + r.finishedAt() + "). Promote that build (pass --artifact with it), or pass"
                    + " --artifact to deploy this one deliberately.");
        }
        out.info("promoting the artifact " + prev.get().name() + " runs (sha256 " + r.artifact().sha256() + ", git " + r.gitSha() + ")");
    }

    /**
     * An "executing; result unknown" record settled from the stack's own events: the terminal status of
     * the operation that carries the record's execute token. Once known, the settled record replaces
     * the latest one (locally, and in the bucket when there is one) so promotion and status agree.
     *
     * @return the settled record, or {@code r} itself while the operation is still going or cannot be read
     */
    private DeployRecord settle(DeployRecord r, StackDeployer d, Printer p, RecordStore local, ArtifactStore bucket) {
        String label = r.environment() + " " + r.account() + "/" + r.region();
        if (r.executeToken() == null) {
            return r;
        }
        String status;
        try {
            StackSnapshot now = d.describe(r.stackName());
            status = now == null ? null : d.terminalStatusOf(now.stackId(), r.executeToken());
            if (status == null) {
                p.warn("the last deploy to " + label + " is 'executing; result unknown' and its change set " + r.changeSetName()
                        + " is still running" + (now == null ? "" : " (stack " + now.status() + ")") + "; run 'pipeline status --env "
                        + r.environment() + "' again later");
                return r;
            }
        } catch (SdkException e) {
            p.warn("cannot settle the 'executing; result unknown' deploy to " + label + ": " + AwsErrors.describe(e));
            return r;
        }
        boolean ok = dev.userapi.pipeline.changeset.StackStates.isSuccess(status);
        DeployRecord settled = r.settled(ok ? DeployRecord.Result.SUCCEEDED : DeployRecord.Result.FAILED,
                ok ? null : "stack " + status + " (settled after the deploy lost sight of it; see aws cloudformation describe-stack-events --stack-name "
                        + r.stackName() + ")", status, services.clock().instant().toString());
        p.info("the deploy recorded as 'executing; result unknown' (change set " + r.changeSetName() + ") ended " + status
                + "; recorded as " + settled.result());
        try {
            local.writeLocal(settled);
        } catch (RuntimeException e) {
            p.warn("could not write the local deploy record: " + e.getMessage());
        }
        if (bucket != null) {
            try {
                RecordStore.upload(bucket, settled);
            } catch (PackagingException | SdkException e) {
                p.warn("could not upload the settled deploy record: " + AwsErrors.describe(e));
            }
        }
        return settled;
    }

    private List<TargetRun> runs(Environment env) {
        boolean labelled = env.targets().size() > 1;
        return env.targets().stream().map(t -> TargetRun.of(t, out, labelled, services.clock())).toList();
    }

    private void announce(String verb, Inputs in, List<TargetRun> runs) {
        out.info(verb + " " + in.config().app() + " to " + in.env().name() + " (" + runs.size() + " target" + (runs.size() == 1 ? "" : "s")
                + (in.env().isProtected() ? ", protected" : "") + ") at git " + in.gitSha() + " as " + in.actor().sourceIdentity()
                + "; artifact " + in.artifact().path().getFileName() + " sha256 " + in.artifact().sha256());
    }

    private String timedReview(List<TargetRun> runs, Supplier<String> review) {
        Instant start = services.clock().instant();
        String result = review.get();
        long ms = Duration.between(start, services.clock().instant()).toMillis();
        runs.forEach(r -> r.phases.merge("review", ms, Long::sum));
        return result;
    }

    private Poller poller() {
        return new Poller(services.pollSchedule(), services.sleeper(), services.clock());
    }

    private StackDeployer.WaitLimits limits(DeployOptions o) {
        return o.busyTimeout() == null ? services.waitLimits() : services.waitLimits().withBusyStack(o.busyTimeout());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return out;
    }

    // ================================================================== records and reports

    private void writeRecords(Inputs in, List<TargetRun> runs) {
        RecordStore local = new RecordStore(services.resolve(RECORDS));
        List<TargetRun> done = runs.stream()
                .filter(r -> r.result != null && r.result != TargetRun.Result.NOT_EXECUTED && r.result != TargetRun.Result.PLANNED)
                .toList();
        // Uploads go in parallel like the deploys: two PUTs per target add up over twelve targets.
        rollout.parallel(done, run -> {
            DeployRecord rec = record(in, run);
            try {
                run.recordFile = local.writeLocal(rec);
            } catch (RuntimeException e) {
                run.out.warn("could not write the local deploy record: " + e.getMessage());
            }
            if (run.s3 != null) {
                try {
                    run.recordKey = RecordStore.upload(new ArtifactStore(run.s3, run.target.artifactBucket(), in.config().app(), run.callerArn), rec);
                } catch (PackagingException | SdkException e) {
                    run.out.warn("could not upload the deploy record to s3://" + run.target.artifactBucket() + ": "
                            + AwsErrors.describe(e));
                }
            }
        });
    }

    private DeployRecord record(Inputs in, TargetRun run) {
        Prepared.Ready ready = run.execution != null ? run.execution.changeSet()
                : run.prepared instanceof Prepared.Ready r ? r : null;
        DeployRecord.ArtifactRef artifact = new DeployRecord.ArtifactRef(in.artifact().sha256(), in.artifact().size(),
                run.artifact == null ? run.target.artifactBucket() : run.artifact.bucket(),
                run.artifact == null ? artifactKey(in) : run.artifact.key(),
                run.artifact != null && run.artifact.uploaded());
        DeployRecord.Result result = switch (run.result) {
            case SUCCEEDED -> DeployRecord.Result.SUCCEEDED;
            case NO_CHANGES -> DeployRecord.Result.NO_CHANGES;
            case REFUSED -> DeployRecord.Result.REFUSED;
            case UNKNOWN -> DeployRecord.Result.UNKNOWN;
            default -> DeployRecord.Result.FAILED;
        };
        return new DeployRecord(DeployRecord.VERSION, in.config().app(), in.env().name(), run.account, run.region, run.stackName,
                in.actor().sourceIdentity(), in.actor().sessionName(), run.callerArn, in.gitSha(), artifact,
                ready == null ? null : ready.changeSetId(), ready == null ? null : ready.changeSetName(),
                ready == null ? null : ready.changeSetType(), run.prepared == null ? List.of() : run.prepared.changes(),
                result, run.reason, run.execution == null ? null : run.execution.finalStatus(),
                run.startedAt.toString(), (run.finishedAt == null ? services.clock().instant() : run.finishedAt).toString(),
                run.phases, run.execution == null ? Map.of() : run.execution.outputs(),
                run.execution == null || run.spec == null ? null : run.spec.deployId().executeToken());
    }

    private TargetReport targetReport(TargetRun r) {
        Prepared.Ready ready = r.execution != null ? r.execution.changeSet() : r.prepared instanceof Prepared.Ready x ? x : null;
        return new TargetReport(r.label, r.account, r.region, r.stackName, r.result == null ? "NOT_EXECUTED" : r.result.name(), r.reason,
                ready == null ? null : ready.changeSetName(), ready == null ? null : ready.changeSetId(),
                ready == null ? null : ready.changeSetType(), r.prepared == null ? List.of() : r.prepared.changes(),
                r.execution == null ? null : r.execution.finalStatus(), r.execution == null ? Map.of() : r.execution.outputs(),
                r.recordKey, r.recordFile == null ? null : r.recordFile.toString(), r.phases);
    }

    private Report report(String command, Inputs in, List<TargetRun> runs, String message) {
        int exit = exitCode(runs);
        return new Report(command, in.config().app(), in.env().name(), overall(command, runs, exit), exit, message, in.gitSha(),
                in.actor().sourceIdentity(), in.artifact().sha256(), in.artifact().path().toString(),
                runs.stream().map(this::targetReport).toList());
    }

    private static String overall(String command, List<TargetRun> runs, int exit) {
        if (exit == ExitCodes.AWS_FAILURE || exit == ExitCodes.BAD_INPUT || exit == ExitCodes.INTERRUPTED) {
            return "FAILED";
        }
        if (exit == ExitCodes.REFUSED) {
            return "REFUSED";
        }
        if (exit == ExitCodes.UNKNOWN) {
            return "UNKNOWN";
        }
        if (command.equals("plan")) {
            return "PLANNED";
        }
        return runs.stream().allMatch(r -> r.result == TargetRun.Result.NO_CHANGES) ? "NO_CHANGES" : "SUCCEEDED";
    }

    /** The worst thing that happened decides: an AWS failure, else a refusal, else bad input, else success. */
    static int exitCode(List<TargetRun> runs) {
        int code = ExitCodes.OK;
        for (TargetRun r : runs) {
            int c = switch (r.result == null ? TargetRun.Result.NOT_EXECUTED : r.result) {
                // A stack that ended in a failed status has no exception behind it: AWS failed the deploy.
                case FAILED -> r.failureKind == null ? ExitCodes.AWS_FAILURE : ExitCodes.of(r.failureKind);
                case REFUSED -> ExitCodes.REFUSED;
                case UNKNOWN -> r.failureKind == DeployException.Kind.INTERRUPTED ? ExitCodes.INTERRUPTED : ExitCodes.UNKNOWN;
                default -> ExitCodes.OK;
            };
            code = severity(c) > severity(code) ? c : code;
        }
        return code;
    }

    private static int severity(int exit) {
        return switch (exit) {
            case ExitCodes.INTERRUPTED -> 6;
            case ExitCodes.AWS_FAILURE -> 5;
            // Below a known failure (that one needs fixing for sure), above a refusal: something ran.
            case ExitCodes.UNKNOWN -> 4;
            case ExitCodes.REFUSED -> 3;
            case ExitCodes.BAD_INPUT -> 2;
            default -> 0;
        };
    }
}
