package dev.userapi.pipeline.execrole;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userapi.pipeline.template.Template;
import dev.userapi.pipeline.template.TemplateParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The bootstrap template holds exactly the derived policy, and says so when it does not. */
class BootstrapPolicyTest {
    private final ExecRolePolicy derivation = ExecRolePolicy.shipped();
    private final Path bootstrapFile = AppTemplates.bootstrapFile();
    private final String bootstrapText = AppTemplates.read(bootstrapFile);

    private Template bootstrap(String text) {
        return TemplateParser.parse(bootstrapFile, text);
    }

    @Test
    void theCheckedInExecutionRoleIsTheOneDerivedFromAppYaml() {
        DerivedPolicy derived = derivation.derive(AppTemplates.app());
        assertEquals(Optional.empty(), BootstrapPolicy.drift(bootstrap(bootstrapText), derived),
                "run bin/pipeline policy exec-role --write and commit target-account.yaml");
        assertEquals(bootstrapText, BootstrapPolicy.rewrite(bootstrapFile, bootstrapText, derived), "--write on a current template changes nothing");
        assertEquals(Map.of(), BootstrapPolicy.missing(derived, bootstrap(bootstrapText)));
    }

    @Test
    void aQueueInTheAppTemplateMakesTheCheckedInRoleStaleAndNamesWhatIsMissing() {
        DerivedPolicy withQueue = derivation.derive(AppTemplates.parse(AppTemplates.appWith(AppTemplates.QUEUE)));
        Optional<String> drift = BootstrapPolicy.drift(bootstrap(bootstrapText), withQueue);
        assertTrue(drift.isPresent() && drift.get().contains("AppQueues") && drift.get().contains(bootstrapFile.toString()), drift.toString());
        Map<String, List<String>> missing = BootstrapPolicy.missing(withQueue, bootstrap(bootstrapText));
        assertEquals(List.of("AWS::SQS::Queue"), List.copyOf(missing.keySet()));
        assertEquals(new TreeSet<>(PermissionTable.shipped().find("AWS::SQS::Queue").orElseThrow().stackActions()),
                new TreeSet<>(missing.get("AWS::SQS::Queue")));
    }

    @Test
    void writeReplacesOnlyTheDerivedBlockAndTheResultIsCurrent() {
        DerivedPolicy withQueue = derivation.derive(AppTemplates.parse(AppTemplates.appWith(AppTemplates.QUEUE)));
        String written = BootstrapPolicy.rewrite(bootstrapFile, bootstrapText, withQueue);
        assertEquals(Optional.empty(), BootstrapPolicy.drift(bootstrap(written), withQueue));
        assertTrue(written.contains("- Sid: AppQueues"), written);
        String before = bootstrapText.substring(0, bootstrapText.indexOf(BootstrapPolicy.BEGIN));
        String after = bootstrapText.substring(bootstrapText.indexOf(BootstrapPolicy.END));
        assertTrue(written.startsWith(before) && written.endsWith(after), "outside the markers nothing changes");
    }

    @Test
    void aHandEditedBlockIsCaughtAndTheRemovedActionNamed() {
        String withoutAction = bootstrapText.replace("                  - lambda:AddPermission\n", "");
        assertTrue(withoutAction.length() < bootstrapText.length(), "the block lists lambda:AddPermission");
        DerivedPolicy derived = derivation.derive(AppTemplates.app());
        assertTrue(BootstrapPolicy.drift(bootstrap(withoutAction), derived).orElseThrow().contains("AppFunctions"));
        assertEquals(Map.of("AWS::Lambda::Permission", List.of("lambda:AddPermission")), BootstrapPolicy.missing(derived, bootstrap(withoutAction)));
    }

    @Test
    void aTemplateWithoutTheMarkersIsRefusedWithTheFix() {
        String noMarkers = bootstrapText.replace(BootstrapPolicy.BEGIN, "# begin").replace(BootstrapPolicy.END, "# end");
        ExecRoleException e = assertThrows(ExecRoleException.class,
                () -> BootstrapPolicy.rewrite(bootstrapFile, noMarkers, derivation.derive(AppTemplates.app())));
        assertTrue(e.getMessage().startsWith(bootstrapFile.toString()) && e.getMessage().contains(BootstrapPolicy.BEGIN)
                && e.getMessage().contains(BootstrapPolicy.END), e.getMessage());
    }
}
