package dev.userapi.pipeline.workflow;

import dev.userapi.pipeline.workflow.Workflow.Job;
import dev.userapi.pipeline.workflow.Workflow.Step;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the deploy and pull-request workflows must guarantee, as checks that return violations
 * (empty when the workflow is right) instead of failing at the first one: a test can then show both
 * that the real workflow is clean and that a workflow broken in one place is caught by the rule
 * meant for it.
 */
final class WorkflowRules {
    /** The promotion order; the deploy jobs are found by their {@code environment:}. */
    static final List<String> ENVIRONMENTS = List.of("dev", "staging", "prod");
    static final String ARTIFACT_FILE = "user-api-functions.jar";
    static final String CLI_JAR = "pipeline.jar";

    private static final Pattern SHA_PIN = Pattern.compile("[^@\\s]+@[0-9a-f]{40}");
    private static final Pattern DOCKER_DIGEST = Pattern.compile("docker://[^@\\s]+@sha256:[0-9a-f]{64}");
    private static final Pattern VERSION_COMMENT = Pattern.compile("v\\d+\\.\\d+\\.\\d+");
    private static final Pattern MAVEN = Pattern.compile("(^|[\\s;&|(/])(mvnw|mvn)(\\s|$)");
    private static final Pattern CFN_LINT_PIN = Pattern.compile("cfn-lint==\\d+\\.\\d+\\.\\d+");
    private static final Pattern SHA256_HEX = Pattern.compile("\\b[0-9a-f]{64}\\b");
    private static final Pattern SHELL_VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?");
    private static final String CONFIGURE_AWS = "aws-actions/configure-aws-credentials";
    private static final String UPLOAD = "actions/upload-artifact";
    private static final String DOWNLOAD = "actions/download-artifact";
    private static final String UPLOAD_SARIF = "github/codeql-action/upload-sarif";

    private WorkflowRules() {
    }

    // ------------------------------------------------------------------ shared by both workflows

    /** Every action is a full 40-hex commit (with its release in a comment), a local path, or a digest. */
    static List<String> actionsPinned(Workflow w) {
        List<String> v = new ArrayList<>();
        for (Job job : w.jobs().values()) {
            Object reusable = job.body().get("uses");
            if (reusable != null) {
                checkPinned(v, "job " + job.id(), String.valueOf(reusable));
            }
            for (Step step : job.steps()) {
                if (!step.uses().isEmpty()) {
                    checkPinned(v, step.describe(), step.uses());
                }
            }
        }
        for (Workflow.UsesLine line : w.usesLines()) {
            boolean thirdParty = !line.reference().startsWith("./") && !line.reference().startsWith("docker://");
            if (thirdParty && !VERSION_COMMENT.matcher(line.comment()).find()) {
                v.add(w.name() + ":" + line.line() + ": " + line.reference()
                        + " needs its release in a comment (# vX.Y.Z) so a reader and an updater know what the SHA is");
            }
        }
        return v;
    }

    private static void checkPinned(List<String> v, String where, String uses) {
        if (uses.startsWith("./")) {
            return;
        }
        if (uses.startsWith("docker://")) {
            if (!DOCKER_DIGEST.matcher(uses).matches()) {
                v.add(where + ": " + uses + " must name its image by @sha256: digest");
            }
            return;
        }
        if (!SHA_PIN.matcher(uses).matches()) {
            v.add(where + ": " + uses + " must be pinned to a full 40-character commit SHA (a tag can be moved)");
        }
    }

    /** Top-level permissions grant nothing beyond {@code contents: read}; a missing block means the repository default. */
    static List<String> topLevelPermissions(Workflow w) {
        List<String> v = new ArrayList<>();
        Object perms = w.permissions();
        if (perms == null) {
            v.add(w.name() + ": no top-level permissions: jobs would get the repository's default token permissions");
        } else if (!(perms instanceof Map<?, ?> map)) {
            v.add(w.name() + ": top-level permissions '" + perms + "' grant every scope; use {} or contents: read");
        } else {
            map.forEach((scope, level) -> {
                if (!("contents".equals(scope) && "read".equals(level)) && !"none".equals(level)) {
                    v.add(w.name() + ": top-level permissions grant " + scope + ": " + level
                            + "; only contents: read may be granted to every job");
                }
            });
        }
        return v;
    }

    // ------------------------------------------------------------------ deploy.yml

    static List<String> deployTriggers(Workflow w) {
        List<String> v = new ArrayList<>();
        Map<String, Object> on = w.on();
        Object push = on.get("push");
        if (!on.containsKey("push") || !String.valueOf(Workflow.asMap(push).get("branches")).contains("main")) {
            v.add("deploy.yml must run on push to main");
        }
        if (!on.containsKey("workflow_dispatch")) {
            v.add("deploy.yml must allow a manual run (workflow_dispatch)");
        }
        for (String unsafe : List.of("pull_request", "pull_request_target")) {
            if (on.containsKey(unsafe)) {
                v.add("deploy.yml must not run on " + unsafe + ": a pull request must never deploy");
            }
        }
        return v;
    }

    /** dev, then staging, then prod, through {@code needs:}; every deploy or plan after the environment before it. */
    static List<String> promotionOrder(Workflow w) {
        List<String> v = new ArrayList<>();
        Map<String, Job> deployJobs = deployJobs(w, v);
        for (int i = 0; i < ENVIRONMENTS.size(); i++) {
            Job job = deployJobs.get(ENVIRONMENTS.get(i));
            if (job == null) {
                continue;
            }
            Set<String> before = ancestors(w, job.id());
            for (int j = 0; j < ENVIRONMENTS.size(); j++) {
                Job other = deployJobs.get(ENVIRONMENTS.get(j));
                if (other == null || j == i) {
                    continue;
                }
                if (j < i && !before.contains(other.id())) {
                    v.add("job " + job.id() + " (" + ENVIRONMENTS.get(i) + ") must run after job " + other.id()
                            + " (" + ENVIRONMENTS.get(j) + ") through needs:");
                }
                if (j > i && before.contains(other.id())) {
                    v.add("job " + job.id() + " (" + ENVIRONMENTS.get(i) + ") must not wait for job " + other.id()
                            + " (" + ENVIRONMENTS.get(j) + ")");
                }
            }
        }
        // Any other job that touches an environment (the prod plan) comes after the one before it too,
        // and a job bound to one environment deploys to that environment only.
        for (Job job : w.jobs().values()) {
            for (Invocation call : Invocation.inJob(job)) {
                if (!Set.of("plan", "deploy").contains(call.subcommand())) {
                    continue;
                }
                if (job.environment() == null) {
                    v.add("job " + job.id() + " runs '" + call + "' without an environment: it would skip the environment's protection rules");
                }
                Optional<String> env = call.option("--env");
                if (env.isEmpty()) {
                    continue;
                }
                if (job.environment() != null && ENVIRONMENTS.contains(job.environment()) && !env.get().equals(job.environment())) {
                    v.add("job " + job.id() + " is bound to environment " + job.environment() + " but runs '" + call + "'");
                }
                int index = ENVIRONMENTS.indexOf(env.get());
                if (index > 0) {
                    Job previous = deployJobs.get(ENVIRONMENTS.get(index - 1));
                    if (previous != null && !ancestors(w, job.id()).contains(previous.id())) {
                        v.add("job " + job.id() + " runs '" + call + "' but does not need job " + previous.id()
                                + " (" + ENVIRONMENTS.get(index - 1) + ")");
                    }
                }
            }
        }
        return v;
    }

    /** {@code id-token: write} (and only it, with contents: read) on exactly the jobs that assume the CI role. */
    static List<String> idTokenOnlyWhereRolesAreAssumed(Workflow w) {
        List<String> v = new ArrayList<>(topLevelPermissions(w));
        for (Job job : w.jobs().values()) {
            List<Step> configure = job.steps().stream().filter(s -> s.action().equals(CONFIGURE_AWS)).toList();
            Object own = job.permissions();
            Object effective = own != null ? own : w.permissions();
            if (configure.isEmpty()) {
                if (grants(effective, "id-token")) {
                    v.add("job " + job.id() + " assumes no AWS role but can get an OIDC token (id-token: write)");
                }
                continue;
            }
            Map<String, Object> expected = Map.of("id-token", "write", "contents", "read");
            if (!(own instanceof Map<?, ?> map) || !map.equals(expected)) {
                v.add("job " + job.id() + " assumes an AWS role: its permissions must be exactly id-token: write and contents: read, not " + own);
            }
            for (Step step : configure) {
                Map<String, Object> with = step.with();
                if (!"${{ vars.AWS_CI_ROLE_ARN }}".equals(with.get("role-to-assume"))) {
                    v.add(step.describe() + ": role-to-assume must be ${{ vars.AWS_CI_ROLE_ARN }}, not " + with.get("role-to-assume"));
                }
                if (!String.valueOf(with.get("aws-region")).startsWith("${{ vars.")) {
                    v.add(step.describe() + ": aws-region must come from a variable, not " + with.get("aws-region"));
                }
                if (!String.valueOf(with.get("role-session-name")).contains("github.run_id")) {
                    v.add(step.describe() + ": role-session-name must name the run (github.run_id) so CloudTrail leads back to it");
                }
                for (String key : List.of("aws-access-key-id", "aws-secret-access-key", "aws-session-token")) {
                    if (with.containsKey(key)) {
                        v.add(step.describe() + ": " + key + " is a long-lived key; use the OIDC role only");
                    }
                }
            }
        }
        if (w.text().contains("secrets.AWS_")) {
            v.add(w.name() + " reads an AWS secret: deploys use OIDC and short-lived roles, never stored keys");
        }
        return v;
    }

    /**
     * One artifact: built and hashed once, in the only job that runs Maven, uploaded under one name,
     * downloaded by that name in every job that deploys or plans, checked against every hash the
     * build job publishes (the functions artifact's and the CLI's) before the pipeline runs, and
     * passed to the pipeline with {@code --artifact}. The pipeline that runs is the downloaded CLI,
     * which the build ships with the {@code lib/} its jar's manifest Class-Path names.
     */
    static List<String> oneArtifact(Workflow w) {
        List<String> v = new ArrayList<>();
        List<Job> builders = w.jobs().values().stream()
                .filter(j -> j.steps().stream().anyMatch(s -> MAVEN.matcher(s.run()).find()))
                .toList();
        if (builders.size() != 1) {
            v.add("exactly one job may run Maven (the build); found " + builders.stream().map(Job::id).toList());
        }
        Job build = w.job("build").orElse(builders.isEmpty() ? null : builders.get(0));
        if (build == null) {
            v.add("no build job");
            return v;
        }
        if (build.environment() != null || build.steps().stream().anyMatch(s -> s.action().equals(CONFIGURE_AWS))) {
            v.add("job " + build.id() + " builds: it must not hold AWS credentials or an environment");
        }
        int hashed = indexOf(build, s -> s.run().contains("functions/target/" + ARTIFACT_FILE) && s.run().contains("sha256sum"));
        if (hashed < 0) {
            v.add("job " + build.id() + " must record the SHA-256 of functions/target/" + ARTIFACT_FILE);
        }
        if (build.steps().stream().anyMatch(s -> s.run().contains("pipeline/target/" + CLI_JAR))
                && build.steps().stream().noneMatch(s -> s.run().contains("pipeline/target/lib"))) {
            v.add("job " + build.id() + " ships pipeline/target/" + CLI_JAR + " without pipeline/target/lib:"
                    + " the jar's manifest Class-Path names lib/*.jar beside it, so it cannot run alone");
        }
        Optional<Step> upload = build.steps().stream()
                .filter(s -> s.action().equals(UPLOAD) && s.index() > hashed && s.withValue("name") != null)
                .findFirst();
        if (upload.isEmpty()) {
            v.add("job " + build.id() + " must upload the hashed artifact with " + UPLOAD);
            return v;
        }
        String name = upload.get().withValue("name");
        List<String> shaOutputs = build.outputs().entrySet().stream()
                .filter(e -> e.getKey().contains("sha256") && String.valueOf(e.getValue()).contains("steps."))
                .map(Map.Entry::getKey)
                .toList();
        if (shaOutputs.isEmpty()) {
            v.add("job " + build.id() + " must publish the artifact's SHA-256 as a job output for later jobs to check against");
        }

        for (Job job : w.jobs().values()) {
            List<Invocation> calls = Invocation.inJob(job).stream()
                    .filter(c -> Set.of("plan", "deploy").contains(c.subcommand()))
                    .toList();
            if (job == build || (job.environment() == null && calls.isEmpty())) {
                continue;
            }
            if (!job.needs().contains(build.id())) {
                v.add("job " + job.id() + " must need " + build.id() + " directly, to read its SHA-256 output");
            }
            Optional<Step> download = job.steps().stream()
                    .filter(s -> s.action().equals(DOWNLOAD) && name.equals(s.withValue("name")))
                    .findFirst();
            if (download.isEmpty()) {
                v.add("job " + job.id() + " must download artifact '" + name + "' (the build's) with " + DOWNLOAD);
                continue;
            }
            // Every published hash: a job that checks only the artifact would run whatever CLI arrived.
            List<String> expected = (shaOutputs.isEmpty() ? List.of("<sha256>") : shaOutputs).stream()
                    .map(o -> "needs." + build.id() + ".outputs." + o)
                    .toList();
            int verified = indexOf(job, s -> s.index() > download.get().index()
                    && s.run().contains("sha256sum")
                    && (s.run().contains("--check") || s.run().contains(" -c"))
                    && expected.stream().allMatch(o -> mentions(s, o)));
            if (verified < 0) {
                v.add("job " + job.id() + " must check the downloaded build with sha256sum --check against "
                        + String.join(" and ", expected));
            }
            String dir = Objects.requireNonNullElse(download.get().withValue("path"), ".");
            for (Invocation call : Invocation.inJob(job)) {
                if (!inside(dir, call.program()) || !call.program().endsWith(CLI_JAR)) {
                    v.add(call.step().describe() + ": '" + call + "' must run the downloaded CLI (java -jar "
                            + normalize(dir) + "/.../" + CLI_JAR + "), not one built or found in this job");
                }
            }
            for (Invocation call : calls) {
                if (call.step().index() <= verified) {
                    v.add(call.step().describe() + ": '" + call + "' runs before the artifact's SHA-256 is checked");
                }
                if (call.option("--env").isPresent()) {
                    Optional<String> artifact = call.option("--artifact");
                    if (artifact.isEmpty()) {
                        v.add(call.step().describe() + ": '" + call + "' must pass --artifact (the downloaded build), or it would package its own");
                    } else if (!normalize(artifact.get()).equals(normalize(dir + "/" + ARTIFACT_FILE))) {
                        v.add(call.step().describe() + ": --artifact " + artifact.get() + " is not the downloaded "
                                + normalize(dir + "/" + ARTIFACT_FILE));
                    }
                }
            }
            for (Step step : job.steps()) {
                if (MAVEN.matcher(step.run()).find()) {
                    v.add(step.describe() + " runs Maven: the artifact is built once, in job " + build.id());
                }
            }
        }
        return v;
    }

    /** One concurrency group per environment that never cancels a running deploy; a plan shares its environment's. */
    static List<String> concurrencyPerEnvironment(Workflow w) {
        List<String> v = new ArrayList<>();
        if (w.root().get("concurrency") instanceof Map<?, ?> top && Boolean.TRUE.equals(top.get("cancel-in-progress"))) {
            v.add(w.name() + ": top-level cancel-in-progress would cancel a deploy half way");
        }
        Map<String, Job> deployJobs = deployJobs(w, new ArrayList<>());
        Map<String, String> groups = new LinkedHashMap<>();
        for (Map.Entry<String, Job> e : deployJobs.entrySet()) {
            String env = e.getKey();
            Job job = e.getValue();
            String group = group(job, v);
            if (group == null) {
                continue;
            }
            if (!group.contains(env)) {
                v.add("job " + job.id() + ": concurrency group '" + group + "' must name its environment " + env);
            }
            for (String perRun : List.of("github.run_id", "github.run_number", "github.sha", "github.ref", "github.event")) {
                if (group.contains(perRun)) {
                    v.add("job " + job.id() + ": concurrency group '" + group + "' varies with " + perRun
                            + ", so two deploys of " + env + " could run at once");
                }
            }
            String clash = groups.entrySet().stream().filter(g -> g.getValue().equals(group)).map(Map.Entry::getKey).findFirst().orElse(null);
            if (clash != null) {
                v.add("jobs of " + clash + " and " + env + " share concurrency group '" + group + "'; each environment needs its own");
            }
            groups.put(env, group);
        }
        // A job that plans an environment's change sets must not run while that environment deploys.
        for (Job job : w.jobs().values()) {
            if (deployJobs.containsValue(job)) {
                continue;
            }
            for (Invocation call : Invocation.inJob(job)) {
                String env = call.option("--env").orElse(null);
                if (env != null && groups.containsKey(env) && !groups.get(env).equals(group(job, v))) {
                    v.add("job " + job.id() + " runs '" + call + "' and must share " + env + "'s concurrency group '" + groups.get(env) + "'");
                }
            }
        }
        return v;
    }

    /**
     * Prod runs what was reviewed: a job before it saves a plan for prod (and deploys nothing), the
     * plan file travels as an artifact, and the prod job executes that file and nothing else.
     */
    static List<String> prodExecutesSavedPlan(Workflow w) {
        List<String> v = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Job prod = deployJobs(w, missing).get("prod");
        if (prod == null) {
            // A plan job bound to prod would make two: it would wait for an approval of a plan not yet made.
            missing.stream().filter(s -> s.contains("environment: prod;")).forEach(v::add);
            return v;
        }
        List<Invocation> deploys = Invocation.inJob(prod).stream().filter(c -> c.subcommand().equals("deploy")).toList();
        if (deploys.size() != 1) {
            v.add("job " + prod.id() + " must run exactly one 'pipeline deploy', found " + deploys);
            return v;
        }
        Invocation deploy = deploys.get(0);
        Optional<String> planFile = deploy.option("--plan");
        if (planFile.isEmpty()) {
            v.add("job " + prod.id() + " runs '" + deploy + "': prod must execute a saved plan (--plan FILE)");
            return v;
        }
        for (String fresh : List.of("--env", "--artifact")) {
            if (deploy.has(fresh) || deploy.option(fresh).isPresent()) {
                v.add("job " + prod.id() + " runs '" + deploy + "': with " + fresh + " it would make new change sets instead of the reviewed ones");
            }
        }
        if (!deploy.has("--yes")) {
            v.add("job " + prod.id() + " runs '" + deploy + "' without --yes: CI has no terminal to confirm on; the environment's reviewers approve");
        }

        Set<String> before = ancestors(w, prod.id());
        List<Job> planners = w.jobs().values().stream()
                .filter(j -> Invocation.inJob(j).stream()
                        .anyMatch(c -> c.subcommand().equals("plan") && c.option("--env").orElse("").equals("prod") && c.option("--save").isPresent()))
                .toList();
        if (planners.size() != 1) {
            v.add("exactly one job must run 'pipeline plan --env prod --save FILE'; found " + planners.stream().map(Job::id).toList());
            return v;
        }
        Job planner = planners.get(0);
        if (!before.contains(planner.id())) {
            v.add("job " + prod.id() + " must run after job " + planner.id() + " (needs:), whose plan it executes");
        }
        if (Invocation.inJob(planner).stream().anyMatch(c -> c.subcommand().equals("deploy"))) {
            v.add("job " + planner.id() + " plans prod and must not deploy anything");
        }
        String saved = Invocation.inJob(planner).stream()
                .map(c -> c.option("--save")).flatMap(Optional::stream).findFirst().orElseThrow();
        Optional<Step> upload = planner.steps().stream()
                .filter(s -> s.action().equals(UPLOAD) && String.valueOf(s.withValue("path")).contains(fileName(saved)))
                .findFirst();
        if (upload.isEmpty()) {
            v.add("job " + planner.id() + " must upload " + saved + " as an artifact for job " + prod.id());
            return v;
        }
        String planArtifact = upload.get().withValue("name");
        Optional<Step> download = prod.steps().stream()
                .filter(s -> s.action().equals(DOWNLOAD) && Objects.equals(planArtifact, s.withValue("name")))
                .findFirst();
        if (download.isEmpty()) {
            v.add("job " + prod.id() + " must download artifact '" + planArtifact + "' (the reviewed plan)");
            return v;
        }
        String expected = normalize(Objects.requireNonNullElse(download.get().withValue("path"), ".") + "/" + fileName(saved));
        if (!normalize(planFile.get()).equals(expected)) {
            v.add("job " + prod.id() + " executes " + planFile.get() + " but the downloaded plan is " + expected);
        }
        if (download.get().index() > deploy.step().index()) {
            v.add("job " + prod.id() + " downloads the plan after deploying");
        }
        return v;
    }

    // ------------------------------------------------------------------ pr.yml

    static List<String> pullRequestChecks(Workflow w) {
        List<String> v = new ArrayList<>(topLevelPermissions(w));
        Map<String, Object> on = w.on();
        if (!on.containsKey("pull_request")) {
            v.add("pr.yml must run on pull_request");
        }
        if (on.containsKey("pull_request_target")) {
            v.add("pr.yml must not use pull_request_target: it runs with a write token against untrusted code");
        }
        for (Job job : w.jobs().values()) {
            Object effective = job.permissions() != null ? job.permissions() : w.permissions();
            if (grants(effective, "id-token") || job.steps().stream().anyMatch(s -> s.action().equals(CONFIGURE_AWS))) {
                v.add("job " + job.id() + " can reach AWS; pull requests must not");
            }
            boolean uploadsSarif = job.steps().stream().anyMatch(s -> s.action().equals(UPLOAD_SARIF));
            if (grants(effective, "security-events") != uploadsSarif) {
                v.add("job " + job.id() + (uploadsSarif ? " uploads SARIF without" : " has")
                        + " security-events: write; only the SARIF upload job may have it");
            }
            if (uploadsSarif && job.steps().stream().anyMatch(s -> MAVEN.matcher(s.run()).find() || !Invocation.find(s).isEmpty())) {
                v.add("job " + job.id() + " holds security-events: write and runs the pull request's code");
            }
            if (effective instanceof Map<?, ?> map) {
                map.forEach((scope, level) -> {
                    if ("write".equals(level) && !"security-events".equals(scope)) {
                        v.add("job " + job.id() + " has " + scope + ": write; pull request checks only read");
                    }
                });
            } else if (effective != null) {
                v.add("job " + job.id() + " has permissions '" + effective + "'; pull request checks only read");
            }
        }
        List<Step> steps = w.jobs().values().stream().flatMap(j -> j.steps().stream()).toList();
        require(v, steps, s -> s.run().contains("./mvnw -B verify"), "run the README's test command ./mvnw -B verify");
        require(v, steps, s -> s.action().equals("actions/setup-java") && "temurin".equals(s.withValue("distribution"))
                && "21".equals(s.withValue("java-version")) && "maven".equals(s.withValue("cache")),
                "set up Temurin JDK 21 with the Maven cache");
        require(v, steps, s -> Invocation.find(s).stream()
                .anyMatch(c -> c.subcommand().equals("validate") && c.option("--output").orElse("").equals("sarif")),
                "run pipeline validate --output sarif");
        require(v, steps, s -> s.action().equals(UPLOAD_SARIF), "upload the SARIF with " + UPLOAD_SARIF);
        require(v, steps, s -> CFN_LINT_PIN.matcher(expanded(w, s)).find(), "install a pinned cfn-lint (cfn-lint==X.Y.Z)");
        require(v, steps, s -> s.run().contains("cfn-lint ") && s.run().contains("cloudformation/"), "run cfn-lint on cloudformation/");
        require(v, steps, s -> s.run().contains("actionlint") && s.run().contains("sha256sum --check")
                && SHA256_HEX.matcher(expanded(w, s)).find(),
                "install actionlint from a release whose SHA-256 is checked");
        return v;
    }

    // ------------------------------------------------------------------ helpers

    /** The one job per environment in {@link #ENVIRONMENTS}; a missing or doubled environment is a violation. */
    static Map<String, Job> deployJobs(Workflow w, List<String> v) {
        Map<String, Job> found = new LinkedHashMap<>();
        for (String env : ENVIRONMENTS) {
            List<Job> jobs = w.jobs().values().stream().filter(j -> env.equals(j.environment())).toList();
            if (jobs.size() != 1) {
                v.add("exactly one job must have environment: " + env + "; found " + jobs.stream().map(Job::id).toList());
            } else {
                found.put(env, jobs.get(0));
            }
        }
        return found;
    }

    /** Every job {@code id} waits for, directly or through other jobs. */
    static Set<String> ancestors(Workflow w, String id) {
        Map<String, Job> jobs = w.jobs();
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(jobs.containsKey(id) ? jobs.get(id).needs() : List.of());
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (seen.add(next) && jobs.containsKey(next)) {
                todo.addAll(jobs.get(next).needs());
            }
        }
        return seen;
    }

    private static boolean grants(Object permissions, String scope) {
        if (permissions instanceof Map<?, ?> map) {
            return "write".equals(map.get(scope));
        }
        return "write-all".equals(permissions);
    }

    private static String group(Job job, List<String> v) {
        Object c = job.concurrency();
        if (c instanceof String s) {
            return s;
        }
        if (c instanceof Map<?, ?> map && map.get("group") != null) {
            Object cancel = map.get("cancel-in-progress");
            if (cancel != null && !Boolean.FALSE.equals(cancel)) {
                v.add("job " + job.id() + ": cancel-in-progress must be false; cancelling stops a deploy half way (was " + cancel + ")");
            }
            return String.valueOf(map.get("group"));
        }
        v.add("job " + job.id() + " has no concurrency group: two runs could deploy " + job.environment() + " at once");
        return null;
    }

    private static int indexOf(Job job, java.util.function.Predicate<Step> test) {
        return job.steps().stream().filter(test).mapToInt(Step::index).findFirst().orElse(-1);
    }

    private static boolean mentions(Step step, String expression) {
        String compact = expression.replace(" ", "");
        return step.run().replace(" ", "").contains(compact)
                || step.env().values().stream().anyMatch(val -> String.valueOf(val).replace(" ", "").contains(compact));
    }

    /** A step's script with the workflow's, job's and step's env: values put in for $NAME and ${NAME}. */
    private static String expanded(Workflow w, Step step) {
        Map<String, Object> env = new LinkedHashMap<>(Workflow.asMap(w.root().get("env")));
        w.job(step.jobId()).ifPresent(j -> env.putAll(Workflow.asMap(j.body().get("env"))));
        env.putAll(step.env());
        return SHELL_VARIABLE.matcher(step.run()).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(
                env.containsKey(m.group(1)) ? String.valueOf(env.get(m.group(1))) : m.group()));
    }

    private static void require(List<String> v, List<Step> steps, java.util.function.Predicate<Step> test, String what) {
        if (steps.stream().noneMatch(test)) {
            v.add("pr.yml must " + what);
        }
    }

    /** Whether {@code path} (relative to the workspace) lies in directory {@code dir}. */
    private static boolean inside(String dir, String path) {
        Path root = Path.of(normalize(dir));
        Path file = Path.of(normalize(path));
        return !file.isAbsolute() && !file.startsWith("..") && file.startsWith(root) && !file.equals(root);
    }

    private static String normalize(String path) {
        return Path.of(path).normalize().toString();
    }

    private static String fileName(String path) {
        return Path.of(path).getFileName().toString();
    }
}
