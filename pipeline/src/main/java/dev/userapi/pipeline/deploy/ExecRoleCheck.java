package dev.userapi.pipeline.deploy;

import dev.userapi.pipeline.changeset.DeployException;
import dev.userapi.pipeline.execrole.BootstrapPolicy;
import dev.userapi.pipeline.execrole.DerivedPolicy;
import dev.userapi.pipeline.execrole.ExecRoleException;
import dev.userapi.pipeline.execrole.ExecRolePolicy;
import dev.userapi.pipeline.template.Template;
import dev.userapi.pipeline.template.TemplateParser;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code pipeline bootstrap} deploys exactly the execution role derived from the app template: a
 * bootstrap template whose role holds another policy (the app template gained a type since the last
 * {@code pipeline policy exec-role --write}, or someone edited the block) is refused before any AWS call.
 */
final class ExecRoleCheck {
    static final Path APP_TEMPLATE = Path.of("cloudformation", "app.yaml");

    private ExecRoleCheck() {
    }

    /** Nothing for a bootstrap template without the execution role (the CI identity, or a custom one). */
    static void requireDerived(Template bootstrap, Path appTemplate) {
        if (!bootstrap.resources().containsKey(BootstrapPolicy.EXEC_ROLE)) {
            return;
        }
        DerivedPolicy derived = ExecRolePolicy.shipped().derive(TemplateParser.parse(appTemplate));
        if (!derived.unmanageable().isEmpty()) {
            throw DeployException.badInput(appTemplate + ": the execution role cannot be derived for "
                    + derived.unmanageable().stream().map(u -> u.type() + " (" + u.reason() + ")").collect(Collectors.joining("; ")));
        }
        Optional<String> drift;
        try {
            drift = BootstrapPolicy.drift(bootstrap, derived);
        } catch (ExecRoleException e) {
            throw DeployException.badInput(e.getMessage());
        }
        drift.ifPresent(d -> {
            throw DeployException.badInput(d + ": run pipeline policy exec-role --write, review and commit the diff, then bootstrap again");
        });
    }
}
