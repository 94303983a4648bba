package dev.userapi.pipeline.cli;

import dev.userapi.pipeline.policy.PathStyle;
import dev.userapi.pipeline.policy.ReportFormat;
import dev.userapi.pipeline.policy.RuleDocs;
import dev.userapi.pipeline.policy.TemplateFiles;
import dev.userapi.pipeline.policy.TemplateValidator;
import dev.userapi.pipeline.policy.ValidationResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pipeline validate}: reads templates and reports rule findings; calls nothing on AWS. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {
            "Check CloudFormation templates for syntax errors, undefined references and least-privilege, "
                    + "data-retention and logging rules (pipeline validate --list-rules explains each).",
            "Reports 'file:line: RULE message'; exits 0 only when no rule finds anything."},
        footer = "%n" + ExitCodes.HELP_SECTION)
public final class ValidateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PATH", arity = "0..*",
            description = "Templates or directories (*.yaml, *.yml, *.json, *.template). Default: the project's cloudformation/.")
    List<Path> paths = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", converter = FormatConverter.class,
            description = "text (default), json, or sarif (SARIF 2.1.0 for GitHub code scanning).")
    ReportFormat output = ReportFormat.TEXT;

    @Option(names = "--list-rules", description = "Print every rule with why it matters and how to fix it (Markdown), then exit.")
    boolean listRules;

    @Spec
    CommandSpec spec;

    private final Path cwd;

    /** Any case, and an error that names the valid formats. */
    static final class FormatConverter implements ITypeConverter<ReportFormat> {
        @Override
        public ReportFormat convert(String value) {
            try {
                return ReportFormat.named(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    public ValidateCommand() {
        this(Path.of("").toAbsolutePath());
    }

    /** With an explicit working directory, against which relative paths and the default are resolved. */
    public ValidateCommand(Path cwd) {
        this.cwd = cwd.toAbsolutePath().normalize();
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TemplateValidator validator = TemplateValidator.standard();
        if (listRules) {
            out.print(RuleDocs.markdown(validator.rules()));
            out.flush();
            return ExitCodes.OK;
        }
        Path root = TemplateFiles.projectRoot(cwd);
        List<Path> requested = paths.isEmpty()
                ? List.of(root.resolve(TemplateFiles.DEFAULT_DIRECTORY))
                : paths.stream().map(cwd::resolve).map(Path::normalize).toList();
        TemplateFiles.Selection selection = TemplateFiles.select(requested);
        if (!selection.problems().isEmpty()) {
            selection.problems().forEach(p -> err.println("pipeline validate: " + p));
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        if (selection.files().isEmpty()) {
            err.println("pipeline validate: no templates (" + String.join(", ", TemplateFiles.EXTENSIONS) + ") under "
                    + String.join(", ", requested.stream().map(Path::toString).toList()) + "; pass the templates to check");
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        ValidationResult result = validator.validate(selection.files());
        out.print(output.render(result, new PathStyle(root, cwd), ValidateCommand.class.getPackage().getImplementationVersion()));
        out.flush();
        if (output == ReportFormat.TEXT) {
            err.println(result.templates().size() + " template" + (result.templates().size() == 1 ? "" : "s") + " checked, "
                    + (result.clean() ? "no findings" : result.findings().size() + " finding" + (result.findings().size() == 1 ? "" : "s")));
            err.flush();
        }
        return result.clean() ? ExitCodes.OK : ExitCodes.FINDINGS;
    }
}
