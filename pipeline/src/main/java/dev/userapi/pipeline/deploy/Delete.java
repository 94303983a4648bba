package dev.userapi.pipeline.deploy;

import dev.userapi.pipeline.changeset.AwsErrors;
import dev.userapi.pipeline.changeset.DeployException;
import dev.userapi.pipeline.changeset.DeployedStack;
import dev.userapi.pipeline.changeset.OperationWatch;
import dev.userapi.pipeline.changeset.StackSnapshot;
import dev.userapi.pipeline.changeset.StatefulResources;
import dev.userapi.pipeline.progress.Printer;
import dev.userapi.pipeline.session.Access;
import dev.userapi.pipeline.template.Resource;
import dev.userapi.pipeline.template.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code pipeline delete}: an environment's app stacks, deleted through their execution roles after
 * showing what goes and what stays, and a confirmation. What a stack keeps ({@code DeletionPolicy:
 * Retain}: the users table) and what the bootstrap stack owns (the artifact bucket, the deploy records)
 * is never deleted here: deleting data is never a side effect. A protected environment is refused
 * unless {@code --force-protected} and its name is typed at a terminal.
 */
public final class Delete {
    private final Services services;
    private final Printer out;
    private final Preflight preflight;
    private final Targets targets;
    private final Rollout rollout;
    private final Records records;

    /**
     * @param yes            confirm without a prompt (never enough for a protected environment)
     * @param forceProtected allow a protected environment, with its name typed at a terminal
     */
    public record Options(DeployOptions common, boolean yes, boolean forceProtected) {
    }

    /** What one stack holds: what the delete removes and what it keeps. */
    record Inventory(StackSnapshot stack, List<String> deleted, List<String> kept, List<String> deletedLogGroups) {
    }

    public Delete(Services services, Printer out) {
        this.services = services;
        this.out = out;
        this.preflight = new Preflight(services, out);
        this.targets = new Targets(services, out);
        this.rollout = new Rollout(services, out);
        this.records = new Records(services, rollout);
    }

    public Report delete(Options o) {
        Scope scope = preflight.scope(o.common());
        String env = scope.env().name();
        boolean protectedEnv = scope.env().isProtected();
        if (protectedEnv && !o.forceProtected()) {
            throw DeployException.refused(env + " is protected: 'pipeline delete' refuses it. If it really must go, run"
                    + " 'pipeline delete --env " + env + " --force-protected' at a terminal and type its name; nothing was touched.");
        }
        if (protectedEnv && !services.terminal().interactive()) {
            throw DeployException.refused("deleting the protected environment " + env + " needs its name typed at a terminal;"
                    + " --yes is not enough. Nothing was touched.");
        }
        Access access = preflight.access(o.common(), scope);
        List<TargetRun> runs = targets.runs(scope.env());
        Map<TargetRun, Inventory> inventories = new java.util.concurrent.ConcurrentHashMap<>();
        out.info("deleting " + scope.config().app() + " in " + env + " (" + runs.size() + " target" + (runs.size() == 1 ? "" : "s")
                + (protectedEnv ? ", protected" : "") + ") as " + scope.actor().sourceIdentity());
        rollout.parallel(runs, run -> {
            targets.connect(run, access, scope.actor());
            StackSnapshot stack = run.deployer.describe(run.stackName);
            if (stack == null) {
                run.finish(TargetRun.Result.NO_CHANGES, "stack " + run.stackName + " is not deployed; nothing to delete");
                run.details.add("stack " + run.stackName + ": not deployed, nothing to delete");
                return;
            }
            if (stack.status().endsWith("_IN_PROGRESS") && !"REVIEW_IN_PROGRESS".equals(stack.status())) {
                throw DeployException.refused("stack " + run.stackName + " is " + stack.status() + ": another operation is running."
                        + " Wait for it ('pipeline status --env " + env + "') or stop it ('pipeline cancel --env " + env + "').");
            }
            if (stack.terminationProtection() && !protectedEnv) {
                throw DeployException.refused("stack " + run.stackName + " has termination protection on, though " + env
                        + " is not protected in accounts.yaml: someone turned it on. Turn it off yourself if the stack must go"
                        + " (aws cloudformation update-termination-protection --no-enable-termination-protection --stack-name "
                        + run.stackName + ").");
            }
            Inventory inv = inventory(run, stack, scope.config().app());
            inventories.put(run, inv);
            run.out.info("will delete stack " + run.stackName + " (" + stack.status() + "): " + inv.deleted().size() + " resources");
            inv.deletedLogGroups().forEach(g -> run.out.info("deletes log group " + g + " and its events (DeletionPolicy: Delete)"));
            inv.kept().forEach(k -> run.out.info("keeps " + k));
        });
        List<TargetRun> todo = runs.stream().filter(r -> r.result == null && inventories.containsKey(r)).toList();
        boolean failedEarly = runs.stream().anyMatch(TargetRun::failed);
        String stopped = null;
        if (failedEarly) {
            stopped = "nothing was deleted: a target could not be inventoried (above)";
        } else if (!todo.isEmpty()) {
            stopped = confirm(o, env, protectedEnv);
        }
        if (stopped != null) {
            for (TargetRun r : todo) {
                r.finish(failedEarly ? TargetRun.Result.NOT_EXECUTED : TargetRun.Result.REFUSED, stopped);
            }
            if (!failedEarly) {
                out.error(stopped);
            }
            return Reports.of("delete", scope, runs, Outcome.SUCCEEDED, stopped);
        }
        rollout.parallel(todo, run -> {
            Inventory inv = inventories.get(run);
            if (inv.stack().terminationProtection()) {
                // Only here: a protected environment whose deletion was confirmed by name.
                run.cloudFormation().updateTerminationProtection(b -> b.stackName(inv.stack().stackId()).enableTerminationProtection(false));
                run.out.info("termination protection turned off, as confirmed");
            }
            OperationWatch watch = new OperationWatch(run.cloudFormation(), run.out, targets.poller(), services.waitLimits());
            String token = "pipeline-delete-" + UUID.randomUUID();
            OperationWatch.Outcome end = run.timed("delete", () -> watch.run(inv.stack().stackId(), run.stackName, token,
                    t -> run.cloudFormation().deleteStack(b -> b.stackName(inv.stack().stackId())
                            .roleARN(run.target.executionRoleArn()).clientRequestToken(t))));
            run.finalStatus = end.finalStatus();
            if ("DELETE_COMPLETE".equals(end.finalStatus())) {
                run.finish(TargetRun.Result.DELETED, null);
                run.details.add("deleted stack " + run.stackName + " (" + inv.deleted().size() + " resources, log groups "
                        + (inv.deletedLogGroups().isEmpty() ? "none" : String.join(", ", inv.deletedLogGroups())) + ")");
                inv.kept().forEach(k -> run.details.add("kept " + k));
            } else if (!end.known()) {
                run.finish(TargetRun.Result.UNKNOWN, "delete of " + run.stackName + " started; result unknown: " + end.rootCause()
                        + "; 'pipeline status --env " + env + "' follows it");
            } else {
                run.finish(TargetRun.Result.FAILED, "stack " + end.finalStatus() + "; root cause: " + end.rootCause()
                        + ". Fix or retain what could not be deleted (aws cloudformation delete-stack --stack-name " + run.stackName
                        + " --retain-resources ID), then run 'pipeline delete --env " + env + "' again.");
            }
        });
        records.writeOperation(scope, runs, "delete");
        return Reports.of("delete", scope, runs, Outcome.SUCCEEDED, null);
    }

    /** @return null when confirmed; otherwise why not */
    private String confirm(Options o, String env, boolean protectedEnv) {
        if (o.yes() && !protectedEnv) {
            return null;
        }
        Terminal terminal = services.terminal();
        if (!terminal.interactive()) {
            return "not confirmed: pass --yes, or run at a terminal and type '" + env + "'; nothing was deleted";
        }
        String typed = terminal.readLine("Type the environment's name (" + env + ") to delete these stacks: ");
        return typed != null && typed.strip().equals(env) ? null : "not confirmed (expected '" + env + "'); nothing was deleted";
    }

    /** The deployed template's resources, each deleted or kept, with the data a kept table holds when it can be read. */
    private Inventory inventory(TargetRun run, StackSnapshot stack, String app) {
        Template deployed = DeployedStack.template(run.cloudFormation(), stack.stackId(), run.stackName);
        Map<String, String> physical = DeployedStack.physicalIds(run.cloudFormation(), stack.stackId());
        List<String> deleted = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        List<String> logGroups = new ArrayList<>();
        for (Resource r : deployed.resources().values()) {
            String id = physical.getOrDefault(r.logicalId(), "(not created)");
            String policy = r.deletionPolicy();
            if ("Retain".equals(policy) || "RetainExceptOnCreate".equals(policy) || "Snapshot".equals(policy)) {
                kept.add(r.logicalId() + " (" + r.type() + ") " + id + ("Snapshot".equals(policy) ? ", as a final snapshot" : "")
                        + itemCount(run, r, id) + "; " + removal(r.type(), id, run.region));
            } else {
                deleted.add(r.logicalId());
                if ("AWS::Logs::LogGroup".equals(r.type()) && !id.startsWith("(")) {
                    logGroups.add(id);
                }
            }
        }
        kept.add("the artifact bucket s3://" + run.target.artifactBucket() + " (stack " + app + "-bootstrap), with the artifacts and"
                + " deploy records under " + app + "/; it serves the environment's next deploy. Remove the records with: aws s3 rm s3://"
                + run.target.artifactBucket() + "/" + app + "/ --recursive");
        return new Inventory(stack, deleted, kept, logGroups);
    }

    private static String itemCount(TargetRun run, Resource r, String table) {
        if (!"AWS::DynamoDB::Table".equals(r.type()) || table.startsWith("(")) {
            return "";
        }
        try {
            Long n = run.session.dynamoDb().describeTable(b -> b.tableName(table)).table().itemCount();
            // DynamoDB refreshes ItemCount about every six hours: an estimate, said as one.
            return n == null ? "" : ", about " + n + " item" + (n == 1 ? "" : "s") + " (DynamoDB's count, refreshed about every six hours)";
        } catch (SdkException e) {
            return ", item count not readable (" + AwsErrors.describe(e) + ")";
        }
    }

    private static String removal(String type, String id, String region) {
        return switch (type) {
            case "AWS::DynamoDB::Table" -> "delete it, data and all, with: aws dynamodb delete-table --table-name " + id + " --region " + region;
            case "AWS::Logs::LogGroup" -> "delete it with: aws logs delete-log-group --log-group-name " + id + " --region " + region;
            case "AWS::S3::Bucket" -> "empty and delete it with: aws s3 rb s3://" + id + " --force";
            default -> StatefulResources.isStatefulType(type) ? "it holds data; delete it in its service's console or CLI when it is no longer needed"
                    : "delete it in its service's console or CLI";
        };
    }
}
