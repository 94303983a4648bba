package dev.userapi.pipeline.policy;

import dev.userapi.pipeline.execrole.BootstrapPolicy;
import dev.userapi.pipeline.execrole.DerivedPolicy;
import dev.userapi.pipeline.execrole.ExecRoleException;
import dev.userapi.pipeline.execrole.ExecRolePolicy;
import dev.userapi.pipeline.template.Resource;
import dev.userapi.pipeline.template.Template;
import dev.userapi.pipeline.template.TemplateException;
import dev.userapi.pipeline.template.TemplateParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A template under {@code cloudformation/} (outside {@code bootstrap/}) that holds a resource type the
 * execution role of {@code cloudformation/bootstrap/target-account.yaml} cannot manage.
 */
public final class ExecRoleCoverageRule implements Rule {
    static final String BOOTSTRAP = "cloudformation/bootstrap/target-account.yaml";

    @Override
    public String id() {
        return "exec-role-coverage";
    }

    @Override
    public String title() {
        return "The execution role cannot manage a resource type of the template";
    }

    @Override
    public String description() {
        return "For an app template (under cloudformation/, outside cloudformation/bootstrap/): a resource type without published "
                + "handler permissions or a scope (pipeline policy exec-role), or one whose derived actions the execution role "
                + "in " + BOOTSTRAP + " does not grant on the derived resources under the derived condition. `pipeline plan` and "
                + "`pipeline deploy` run it too, before any AWS call; it compares with the checked-in bootstrap template, not "
                + "with the role an account holds today.";
    }

    @Override
    public String why() {
        return "CloudFormation creates the stack's resources as the execution role: a type it cannot manage fails the deploy "
                + "half-way with AccessDenied and a rollback, in every account, after the earlier resources were already changed.";
    }

    @Override
    public String fix() {
        return "Run `pipeline policy exec-role --write` (for a new type first scripts/refresh-resource-permissions.sh TYPE and a "
                + "scope in exec-role-scopes.yaml), review and commit the bootstrap template, then `pipeline bootstrap --env E` "
                + "for every environment before deploying.";
    }

    @Override
    public void check(Template template, Report report) {
        Path file = template.file().toAbsolutePath().normalize();
        Path root = TemplateFiles.projectRoot(file.getParent());
        Path bootstrapFile = root.resolve(BOOTSTRAP);
        if (!file.startsWith(root.resolve(TemplateFiles.DEFAULT_DIRECTORY)) || file.startsWith(bootstrapFile.getParent())
                || !Files.isRegularFile(bootstrapFile)) {
            return;
        }
        DerivedPolicy derived = ExecRolePolicy.shipped().derive(template);
        Map<String, Resource> firstOfType = new LinkedHashMap<>();
        template.resources().values().forEach(r -> firstOfType.putIfAbsent(r.type(), r));
        for (DerivedPolicy.Unmanageable u : derived.unmanageable()) {
            Resource r = firstOfType.get(u.type());
            report.add(r, List.of("Resources", r.logicalId(), "Type"), r.logicalId() + " is an " + u.type()
                    + ", which the execution role cannot manage: " + u.reason() + "; then pipeline policy exec-role --write and "
                    + "pipeline bootstrap --env E for every environment");
        }
        Map<String, List<String>> missing;
        try {
            missing = BootstrapPolicy.missing(derived, TemplateParser.parse(bootstrapFile));
        } catch (TemplateException | ExecRoleException e) {
            report.add(0, "cannot read the execution role from " + BOOTSTRAP + ": " + e.getMessage());
            return;
        }
        missing.forEach((type, actions) -> {
            Resource r = firstOfType.get(type);
            report.add(r, List.of("Resources", r.logicalId(), "Type"), r.logicalId() + " (" + type + ") needs " + String.join(", ", actions)
                    + ", which the execution role in " + BOOTSTRAP + " does not grant as derived: run pipeline policy exec-role --write, "
                    + "commit, then pipeline bootstrap --env E for every environment before deploying");
        });
    }
}
