package dev.userapi.pipeline.cli;

import dev.userapi.pipeline.execrole.BootstrapPolicy;
import dev.userapi.pipeline.execrole.DerivedPolicy;
import dev.userapi.pipeline.execrole.ExecRoleException;
import dev.userapi.pipeline.execrole.ExecRolePolicy;
import dev.userapi.pipeline.execrole.PolicyRendering;
import dev.userapi.pipeline.policy.TemplateFiles;
import dev.userapi.pipeline.template.Template;
import dev.userapi.pipeline.template.TemplateException;
import dev.userapi.pipeline.template.TemplateParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pipeline policy exec-role}: flags only; the derivation is {@link ExecRolePolicy}. */
@Command(name = "exec-role", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Print the CloudFormation execution role's policy derived from the app template: each resource type's "
                    + "published handler permissions, scoped to the app's names; \"*\" only where IAM allows nothing narrower.",
            "--write puts it into the bootstrap template (then: pipeline bootstrap --env E); --check fails when the "
                    + "bootstrap template holds another one. Calls nothing on AWS."},
        footer = "%n" + ExitCodes.HELP_SECTION)
public final class ExecRoleCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--template", paramLabel = "FILE", description = "The app template (default: cloudformation/app.yaml).")
    Path template;

    @Option(names = "--bootstrap-template", paramLabel = "FILE",
            description = "The template holding the execution role (default: cloudformation/bootstrap/target-account.yaml).")
    Path bootstrapTemplate;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
            description = "text (default: a summary per resource type, then the policy) or json (the policy document only).")
    String output = "text";

    @Option(names = "--write", description = "Rewrite the derived block of the bootstrap template with this policy.")
    boolean write;

    @Option(names = "--check", description = "Exit 1 when the bootstrap template's execution role holds another policy.")
    boolean check;

    private final Path cwd;

    public ExecRoleCommand() {
        this(Path.of("").toAbsolutePath());
    }

    public ExecRoleCommand(Path cwd) {
        this.cwd = cwd.toAbsolutePath().normalize();
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!output.equals("text") && !output.equals("json")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--output: '" + output + "' is neither text nor json");
        }
        Path root = TemplateFiles.projectRoot(cwd);
        Path appFile = template != null ? cwd.resolve(template) : root.resolve("cloudformation/app.yaml");
        Path bootstrapFile = bootstrapTemplate != null ? cwd.resolve(bootstrapTemplate) : root.resolve("cloudformation/bootstrap/target-account.yaml");
        try {
            DerivedPolicy policy = ExecRolePolicy.shipped().derive(TemplateParser.parse(appFile));
            if (output.equals("text")) {
                out.print(PolicyRendering.summary(policy));
                out.println();
            }
            out.print(PolicyRendering.json(policy));
            out.flush();
            if (!policy.unmanageable().isEmpty()) {
                policy.unmanageable().forEach(u -> err.println("pipeline policy exec-role: " + appFile + ": " + u.type()
                        + " cannot be managed by the execution role: " + u.reason()));
                err.flush();
                return ExitCodes.FINDINGS;
            }
            if (write) {
                String text = Files.readString(bootstrapFile, StandardCharsets.UTF_8);
                String updated = BootstrapPolicy.rewrite(bootstrapFile, text, policy);
                Files.writeString(bootstrapFile, updated, StandardCharsets.UTF_8);
                err.println((updated.equals(text) ? "unchanged: " : "wrote ") + bootstrapFile
                        + (updated.equals(text) ? "" : "; review the diff, then run pipeline bootstrap --env E for every environment"));
            }
            if (check) {
                Optional<String> drift = BootstrapPolicy.drift(TemplateParser.parse(bootstrapFile), policy);
                if (drift.isPresent()) {
                    err.println("pipeline policy exec-role: " + drift.get() + ": run pipeline policy exec-role --write, review, commit");
                    err.flush();
                    return ExitCodes.FINDINGS;
                }
            }
            err.flush();
            return ExitCodes.OK;
        } catch (TemplateException e) {
            err.println("pipeline policy exec-role: " + e.file() + (e.line() > 0 ? ":" + e.line() : "") + ": " + e.getMessage());
            err.flush();
            return ExitCodes.BAD_INPUT;
        } catch (ExecRoleException e) {
            err.println("pipeline policy exec-role: " + e.getMessage());
            err.flush();
            return ExitCodes.BAD_INPUT;
        } catch (IOException e) {
            err.println("pipeline policy exec-role: cannot rewrite " + bootstrapFile + ": " + e.getMessage());
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
    }
}
