package dev.userapi.pipeline.deploy;

import dev.userapi.pipeline.changeset.DeployedStack;
import dev.userapi.pipeline.changeset.Prepared;
import dev.userapi.pipeline.progress.ChangeTable;
import dev.userapi.pipeline.progress.Printer;
import dev.userapi.pipeline.session.Access;
import dev.userapi.pipeline.template.Template;
import dev.userapi.pipeline.template.TemplateDiff;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code pipeline diff}: for each target, the deployed template and parameters against the local ones,
 * one block per changed resource, then what CloudFormation would do about it (the change set's table,
 * with its Replacement column). The change set is made only to be read, and deleted. Ends DIFFERENT when
 * anything differs, so a CI step can gate on it.
 */
public final class Diff {
    private final Preflight preflight;
    private final Targets targets;
    private final Rollout rollout;
    private final AppStacks stacks;

    public Diff(Services services, Printer out) {
        this.preflight = new Preflight(services, out);
        this.targets = new Targets(services, out);
        this.rollout = new Rollout(services, out);
        this.stacks = new AppStacks(preflight, targets, new DriftCheck(services));
    }

    public Report diff(DeployOptions o) {
        Inputs in = preflight.stack(o);
        Access access = preflight.access(o, in);
        List<TargetRun> runs = targets.runs(in.env());
        targets.announce("comparing", in, runs);
        try {
            rollout.parallel(runs, run -> {
                stacks.prepare(in, run, access, o, null);
                compare(in, run);
            });
        } finally {
            rollout.discard(runs);
        }
        return Reports.of("diff", in, runs, null).withOutcome(Outcome.worst(runs.stream().map(TargetRun::outcome).toList(), Outcome.NO_DIFFERENCES));
    }

    private void compare(Inputs in, TargetRun run) {
        Prepared p = run.prepared;
        Printer plain = new Printer(new PrintWriter(Writer.nullWriter()), false);
        if (p.before() == null || "REVIEW_IN_PROGRESS".equals(p.before().status())) {
            run.details.add("stack " + run.stackName + " is not deployed: the deploy would create all of it");
            run.details.add(ChangeTable.text(p.changes(), run.spec.statefulIds(), plain).stripTrailing());
            run.finish(TargetRun.Result.DIFFERENT, "not deployed");
            return;
        }
        Template deployed = DeployedStack.template(run.cloudFormation(), p.before().stackId(), run.stackName);
        List<String> templateLines = TemplateDiff.between(deployed, in.template());
        List<String> parameterLines = parameters(in, run);
        run.data = Map.of("template", templateLines, "parameters", parameterLines);
        if (templateLines.isEmpty() && parameterLines.isEmpty() && p.changes().isEmpty()) {
            run.details.add("stack " + run.stackName + " (" + p.before().status() + "): no differences");
            run.finish(TargetRun.Result.NO_DIFFERENCES, null);
            return;
        }
        run.details.add("stack " + run.stackName + " (" + p.before().status() + ") against " + in.template().file().getFileName() + ":");
        if (!templateLines.isEmpty()) {
            run.details.add("template:");
            templateLines.forEach(l -> run.details.add("  " + l));
        }
        if (!parameterLines.isEmpty()) {
            run.details.add("parameters:");
            parameterLines.forEach(l -> run.details.add("  " + l));
        }
        run.details.add("what CloudFormation would do:");
        run.details.add(p.changes().isEmpty() ? "  nothing (the change set is empty)"
                : ChangeTable.text(p.changes(), run.spec.statefulIds(), plain).stripTrailing());
        run.finish(TargetRun.Result.DIFFERENT, templateLines.size() + " template and " + parameterLines.size() + " parameter difference(s)");
    }

    /** Deployed parameter values against the local ones; a NoEcho or secret value is compared, never shown. */
    private List<String> parameters(Inputs in, TargetRun run) {
        Map<String, String> deployed = run.prepared.before().parameters();
        // What the stack runs with: the values passed, and each other parameter's Default, as CloudFormation applies it.
        Map<String, String> local = run.spec.effectiveParameters();
        Set<String> secret = Parameters.secretNames(in.template(), in.env().parametersFromEnv().keySet());
        Set<String> names = new TreeSet<>(deployed.keySet());
        names.addAll(local.keySet());
        List<String> lines = new java.util.ArrayList<>();
        for (String n : names) {
            String a = deployed.get(n);
            String b = local.get(n);
            if (secret.contains(n)) {
                // CloudFormation answers a NoEcho value as ****: it cannot be compared from here, only said.
                if (a == null || b == null) {
                    lines.add((a == null ? "+ " : "- ") + n + " (secret)");
                }
                continue;
            }
            if (a == null) {
                lines.add("+ " + n + ": " + b);
            } else if (b == null) {
                lines.add("- " + n + ": " + a);
            } else if (!a.equals(b)) {
                lines.add("~ " + n + ": " + a + " -> " + b);
            }
        }
        return lines;
    }
}
