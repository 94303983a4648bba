package dev.userapi.pipeline.deploy;

import dev.userapi.pipeline.auth.Actor;
import dev.userapi.pipeline.changeset.Capabilities;
import dev.userapi.pipeline.changeset.DeployException;
import dev.userapi.pipeline.changeset.DeployId;
import dev.userapi.pipeline.changeset.StackDeployer;
import dev.userapi.pipeline.changeset.StackSpec;
import dev.userapi.pipeline.changeset.StatefulResources;
import dev.userapi.pipeline.config.AccountsConfig;
import dev.userapi.pipeline.config.AccountsConfigLoader;
import dev.userapi.pipeline.config.Environment;
import dev.userapi.pipeline.progress.Printer;
import dev.userapi.pipeline.template.Template;
import dev.userapi.pipeline.template.TemplateParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code pipeline bootstrap}: the roles and bucket every other command goes through. The one use case
 * that does not enter a target through {@link dev.userapi.pipeline.session.Access}: the deployer role
 * it creates does not exist yet, so it runs with the caller's own credentials, after checking they
 * belong to the account being bootstrapped.
 */
public final class Bootstrap {
    private final Services services;
    private final Printer out;
    private final Preflight preflight;
    private final Targets targets;
    private final Rollout rollout;

    public Bootstrap(Services services, Printer out) {
        this.services = services;
        this.out = out;
        this.preflight = new Preflight(services, out);
        this.targets = new Targets(services, out);
        this.rollout = new Rollout(services, out);
    }

    /**
     * Deploys a bootstrap template with the caller's own credentials.
     *
     * @param ci true: ci-identity.yaml into the tooling account; false: target-account.yaml into each target of the environment
     */
    public Report bootstrap(DeployOptions o, boolean ci, String existingOidcProviderArn) {
        AccountsConfig config = AccountsConfigLoader.load(services.fileOrDefault(o.config(), DeployOptions.DEFAULT_CONFIG));
        Environment env = ci ? null : config.environment(o.environment());
        Path templatePath = services.fileOrDefault(o.template(), Path.of("cloudformation", "bootstrap", ci ? "ci-identity.yaml" : "target-account.yaml"));
        Template template = TemplateParser.parse(templatePath);
        String text = Preflight.read(templatePath);
        preflight.runChecks(template);
        if (!ci) {
            ExecRoleCheck.requireDerived(template, services.root().resolve(ExecRoleCheck.APP_TEMPLATE));
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
            run.deployer = new StackDeployer(cfn, run.out, targets.poller(), targets.limits(o));
            run.spec = new StackSpec(run.stackName, template, text, null, params.get(run), Capabilities.required(template), null,
                    AppStacks.tags(app, envName), id, id.description(app, envName + " bootstrap"), StatefulResources.in(template), protectedEnv);
            run.prepared = run.timed("changeset", () -> run.deployer.prepare(run.spec));
        });
        String stopped = rollout.review(runs, o.allowReplace(), protectedEnv, o.yes(), envName);
        if (stopped == null) {
            rollout.execute(runs, o.allowReplace());
        }
        return new Report(ci ? "bootstrap --ci" : "bootstrap", app, envName, Reports.overall("bootstrap", runs), stopped, gitSha,
                actor.sourceIdentity(), null, null, runs.stream().map(Reports::target).toList());
    }
}
