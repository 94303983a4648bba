package dev.userapi.pipeline.changeset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userapi.pipeline.template.Template;
import dev.userapi.pipeline.template.TemplateParser;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.model.Capability;

/**
 * When a deploy may skip the change set: each condition with a stack that breaks it (a change set is
 * made, and CloudFormation decides) beside the one stack that matches in every respect.
 */
class UnchangedStackTest {

    static final String ROLE = "arn:aws:iam::222222222222:role/user-api-cfn-exec";
    static final String TEMPLATE = """
            Parameters:
              AppName: {Type: String, Default: user-api}
              Subnets: {Type: CommaDelimitedList, Default: 'a,b'}
              ArtifactKey: {Type: String}
            Resources:
              Logs:
                Type: AWS::Logs::LogGroup
                Properties:
                  LogGroupName: !Sub /${AppName}/${ArtifactKey}
            """;

    final AtomicInteger templateReads = new AtomicInteger();

    static StackSpec spec(String body) {
        Template t = TemplateParser.parse(Path.of("app.yaml"), body);
        return new StackSpec("user-api-dev", t, body, null, Map.of("ArtifactKey", "k1"), List.of(Capability.CAPABILITY_IAM),
                ROLE, Map.of("app", "user-api", "env", "dev"), new DeployId("0123456789abcdef", "alice", Instant.EPOCH),
                "test", StatefulResources.in(t), false);
    }

    /** What DescribeStacks says of the stack {@link #spec} deployed. */
    static StackSnapshot deployed(String status) {
        return new StackSnapshot("arn:aws:cloudformation:eu-west-1:222222222222:stack/user-api-dev/1", "user-api-dev", status,
                null, Instant.EPOCH, Instant.EPOCH, false, Map.of(),
                Map.of("AppName", "user-api", "Subnets", "a,b", "ArtifactKey", "k1"), Map.of("app", "user-api", "env", "dev"),
                ROLE, "NOT_CHECKED", null);
    }

    Optional<String> difference(StackSpec spec, StackSnapshot stack, String deployedTemplate) {
        return UnchangedStack.difference(spec, stack, () -> {
            templateReads.incrementAndGet();
            return deployedTemplate;
        });
    }

    static StackSnapshot with(StackSnapshot s, UnaryOperator<Map<String, String>> parameters, Map<String, String> tags, String role) {
        return new StackSnapshot(s.stackId(), s.stackName(), s.status(), null, s.creationTime(), s.lastUpdatedTime(), false,
                Map.of(), parameters.apply(new HashMap<>(s.parameters())), tags, role, s.driftStatus(), null);
    }

    @Test
    void aStackWithThisTemplateParametersTagsAndRoleNeedsNoChangeSet() {
        for (String status : List.of("CREATE_COMPLETE", "UPDATE_COMPLETE", "IMPORT_COMPLETE")) {
            assertEquals(Optional.empty(), difference(spec(TEMPLATE), deployed(status), TEMPLATE), status);
        }
        assertEquals(3, templateReads.get(), "the deployed template is read to be sure");
    }

    @Test
    void aStackWhoseLastOperationDidNotSucceedAlwaysGetsAChangeSet() {
        for (String status : List.of("UPDATE_ROLLBACK_COMPLETE", "UPDATE_FAILED", "UPDATE_ROLLBACK_FAILED", "IMPORT_ROLLBACK_COMPLETE")) {
            assertEquals(Optional.of("the stack is " + status), difference(spec(TEMPLATE), deployed(status), TEMPLATE));
        }
        assertEquals(Optional.of("the stack does not exist"), difference(spec(TEMPLATE), null, TEMPLATE));
        assertEquals(0, templateReads.get(), "nothing to read when the answer is known");
    }

    @Test
    void anyDifferenceInTheTemplateTextMakesAChangeSetEvenAComment() {
        // CloudFormation may still find nothing to do: that is its call, made on the change set.
        assertEquals(Optional.of("the template differs"), difference(spec(TEMPLATE + "# a note\n"), deployed("UPDATE_COMPLETE"), TEMPLATE));
        assertEquals(Optional.of("the template differs"), difference(spec(TEMPLATE), deployed("UPDATE_COMPLETE"), TEMPLATE.replace("\n", "\r\n")));
    }

    @Test
    void aParameterValueGivenOrDefaultedThatDiffersMakesAChangeSet() {
        StackSnapshot s = deployed("UPDATE_COMPLETE");
        assertEquals(Optional.of("parameter values differ"), difference(spec(TEMPLATE), with(s, p -> {
            p.put("ArtifactKey", "k0");
            return p;
        }, s.tags(), ROLE), TEMPLATE));
        // A default the stack runs with, changed in the template, is a parameter change too: CloudFormation
        // applies the Default of a parameter not given.
        assertEquals(Optional.of("parameter values differ"), difference(spec(TEMPLATE.replace("Default: user-api", "Default: users")),
                s, TEMPLATE));
        assertEquals(Optional.of("parameter values differ"), difference(spec(TEMPLATE), with(s, p -> {
            p.remove("Subnets");
            return p;
        }, s.tags(), ROLE), TEMPLATE));
        assertEquals(0, templateReads.get());
    }

    @Test
    void tagsOrAnExecutionRoleThatDifferMakeAChangeSet() {
        StackSnapshot s = deployed("UPDATE_COMPLETE");
        assertEquals(Optional.of("the stack's tags differ"),
                difference(spec(TEMPLATE), with(s, p -> p, Map.of("app", "user-api", "env", "dev", "team", "a"), ROLE), TEMPLATE));
        assertEquals(Optional.of("the execution role differs"), difference(spec(TEMPLATE), with(s, p -> p, s.tags(), null), TEMPLATE));
        assertEquals(Optional.of("the execution role differs"),
                difference(spec(TEMPLATE), with(s, p -> p, s.tags(), "arn:aws:iam::222222222222:role/other"), TEMPLATE));
        assertEquals(0, templateReads.get());
    }

    @Test
    void aNoEchoParameterCannotBeComparedSoItMakesAChangeSet() {
        String noEcho = TEMPLATE.replace("ArtifactKey: {Type: String}", "ArtifactKey: {Type: String, NoEcho: true}");
        StackSnapshot masked = with(deployed("UPDATE_COMPLETE"), p -> {
            p.put("ArtifactKey", "****");
            return p;
        }, Map.of("app", "user-api", "env", "dev"), ROLE);
        assertTrue(difference(spec(noEcho), masked, noEcho).orElseThrow().contains("NoEcho"));
        // A value masked by the endpoint although the local template does not say NoEcho (the deployed one did).
        assertEquals(Optional.of("a deployed parameter value is masked"), difference(spec(TEMPLATE), masked, TEMPLATE));
    }

    @Test
    void whatCloudFormationResolvesOnEachChangeAlwaysMakesAChangeSet() {
        StackSnapshot s = deployed("UPDATE_COMPLETE");
        String transform = "Transform: AWS::Serverless-2016-10-31\n" + TEMPLATE;
        assertEquals(Optional.of("the template has a Transform"), difference(spec(transform), s, transform));
        String include = TEMPLATE + "  Included:\n    Fn::Transform: {Name: AWS::Include, Parameters: {Location: s3://b/k.yaml}}\n";
        assertEquals(Optional.of("the template has a Transform"), difference(spec(include), s, include));
        String nested = TEMPLATE + "  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: https://b.s3.amazonaws.com/c.yaml}\n";
        assertEquals(Optional.of("the template has nested stacks"), difference(spec(nested), s, nested));
        String ssm = TEMPLATE.replace("AppName: {Type: String, Default: user-api}",
                "AppName: {Type: 'AWS::SSM::Parameter::Value<String>', Default: /app/name}");
        assertEquals(Optional.of("parameter AppName is read from SSM Parameter Store on each change"), difference(spec(ssm), s, ssm));
        String dynamic = TEMPLATE.replace("/${AppName}/${ArtifactKey}", "'{{resolve:ssm:/app/log-group}}'");
        assertEquals(Optional.of("the template has dynamic references"), difference(spec(dynamic), s, dynamic));
        assertEquals(0, templateReads.get());
    }

    @Test
    void aTemplatePassedByUrlMakesAChangeSet() {
        StackSpec s = spec(TEMPLATE);
        StackSpec byUrl = new StackSpec(s.stackName(), s.template(), null, "https://b.s3.eu-west-1.amazonaws.com/app/templates/x.yaml",
                s.parameters(), s.capabilities(), s.roleArn(), s.tags(), s.deployId(), s.description(), s.statefulIds(), false);
        assertEquals(Optional.of("the template is passed by URL"), difference(byUrl, deployed("UPDATE_COMPLETE"), TEMPLATE));
    }

    @Test
    void theShortFormOfATransformAndAnEscapedDynamicReferenceAreSeenInTheParsedTemplate() {
        StackSnapshot s = deployed("UPDATE_COMPLETE");
        String shortForm = TEMPLATE + "  Included:\n    !Transform {Name: AWS::Include, Parameters: {Location: s3://b/k.yaml}}\n";
        assertEquals(Optional.of("the template has a Transform"), difference(spec(shortForm), s, shortForm));
        String escaped = TEMPLATE.replace("/${AppName}/${ArtifactKey}", "\"{{\\x72esolve:ssm:/app/log-group}}\"");
        assertTrue(spec(escaped).templateBody().indexOf("{{resolve:") < 0, "the text does not say it");
        assertEquals(Optional.of("the template has dynamic references"), difference(spec(escaped), s, escaped));
        assertEquals(0, templateReads.get());
    }

    @Test
    void aDynamicReferencePassedAsAParameterValueMakesAChangeSet() {
        StackSpec base = spec(TEMPLATE);
        StackSpec viaParameter = new StackSpec(base.stackName(), base.template(), base.templateBody(), null,
                Map.of("ArtifactKey", "{{resolve:ssm:/app/artifact-key}}"), base.capabilities(), base.roleArn(), base.tags(),
                base.deployId(), base.description(), base.statefulIds(), false);
        StackSnapshot s = with(deployed("UPDATE_COMPLETE"), p -> {
            p.put("ArtifactKey", "{{resolve:ssm:/app/artifact-key}}");
            return p;
        }, Map.of("app", "user-api", "env", "dev"), ROLE);
        assertEquals(Optional.of("the template has dynamic references"), difference(viaParameter, s, TEMPLATE));
    }

    @Test
    void aModuleIsExpandedFromTheRegistryOnEachChangeSoItMakesAChangeSet() {
        String module = TEMPLATE + "  Network:\n    Type: MyOrg::Net::Vpc::MODULE\n    Properties: {Cidr: 10.0.0.0/16}\n";
        assertTrue(difference(spec(module), deployed("UPDATE_COMPLETE"), module).orElseThrow().contains("MyOrg::Net::Vpc::MODULE"));
    }

    @Test
    void aDefaultWhoseWrittenFormReadsDifferentlyMakesAChangeSet() {
        // Parsed, 010 is the number 10, as the stack's value says; which one CloudFormation applies is its call.
        String leadingZero = TEMPLATE.replace("ArtifactKey: {Type: String}",
                "ArtifactKey: {Type: String}\n  Retention: {Type: Number, Default: 010}");
        StackSnapshot s = with(deployed("UPDATE_COMPLETE"), p -> {
            p.put("Retention", "10");
            return p;
        }, Map.of("app", "user-api", "env", "dev"), ROLE);
        assertTrue(difference(spec(leadingZero), s, leadingZero).orElseThrow().contains("Retention"));
        // Written as it reads, the same default is compared like any other.
        String plain = leadingZero.replace("Default: 010", "Default: 10");
        assertEquals(Optional.empty(), difference(spec(plain), s, plain));
        // Nor is a list Default (CloudFormation wants a string), though joined it reads the same.
        String list = TEMPLATE.replace("Default: 'a,b'", "Default: [a, b]");
        assertTrue(difference(spec(list), deployed("UPDATE_COMPLETE"), list).orElseThrow().contains("Subnets"));
    }
}
