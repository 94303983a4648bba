package dev.userapi.pipeline.execrole;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/refresh-resource-permissions.sh against an {@code aws} stand-in that answers DescribeType
 * like the CLI ({@code --query Schema --output text}: the schema JSON), on a copy of the table.
 */
class RefreshScriptTest {
    /** What the stand-in answers: a schema whose handlers differ from the shipped table's, and a legacy type without handlers. */
    private static final String FAKE_AWS = """
            #!/usr/bin/env bash
            echo "$@" >> "$(dirname "$0")/calls"
            case "$*" in
              *AWS::SQS::Queue*) cat <<'JSON'
            {"typeName": "AWS::SQS::Queue", "handlers": {
              "create": {"permissions": ["sqs:CreateQueue", "sqs:TagQueue"]},
              "read": {"permissions": ["sqs:GetQueueAttributes"]},
              "delete": {"permissions": ["sqs:DeleteQueue"]},
              "list": {"permissions": ["sqs:ListQueues"]}}}
            JSON
              ;;
              *AWS::Legacy::Thing*) echo '{"typeName": "AWS::Legacy::Thing", "properties": {}}' ;;
              *) echo "unexpected call: $*" >&2; exit 254 ;;
            esac
            """;

    @TempDir
    Path dir;

    private Path table;
    private Path bin;
    private String output;

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(onPath("bash") && onPath("python3"), "the script needs bash and python3");
        table = dir.resolve("resource-permissions.json");
        Files.copy(AppTemplates.root().resolve("pipeline/src/main/resources/dev/userapi/pipeline/execrole/" + PermissionTable.RESOURCE), table);
        bin = Files.createDirectories(dir.resolve("bin"));
        Path aws = bin.resolve("aws");
        Files.writeString(aws, FAKE_AWS);
        Files.setPosixFilePermissions(aws, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }

    private int refresh(String... types) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", AppTemplates.root().resolve("scripts/refresh-resource-permissions.sh").toString()));
        command.addAll(List.of(types));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PATH", bin + File.pathSeparator + env.getOrDefault("PATH", ""));
        env.put("RESOURCE_PERMISSIONS_TABLE", table.toString());
        env.put("AWS_REGION", "eu-west-1");
        Process p = pb.start();
        output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the script did not finish: " + output);
        return p.exitValue();
    }

    @Test
    void replacesTheNamedTypeFromDescribeTypeWithItsSourceAndDateAndKeepsTheOthers() throws Exception {
        JsonNode before = new ObjectMapper().readTree(table.toFile());
        assertEquals(0, refresh("AWS::SQS::Queue"), output);
        JsonNode after = new ObjectMapper().readTree(table.toFile());

        JsonNode queue = after.path("types").path("AWS::SQS::Queue");
        assertEquals("aws cloudformation describe-type --type RESOURCE --type-name AWS::SQS::Queue --region eu-west-1", queue.path("source").asText());
        assertEquals(LocalDate.now().toString(), queue.path("retrieved").asText());
        assertEquals("[\"sqs:CreateQueue\",\"sqs:TagQueue\"]", queue.path("handlers").path("create").toString());
        assertEquals("[\"sqs:ListQueues\"]", queue.path("handlers").path("list").toString());
        assertTrue(queue.path("handlers").path("update").isMissingNode(), "a handler the schema does not publish is not invented");
        for (String other : List.of("AWS::DynamoDB::Table", "AWS::Lambda::Function", "AWS::IAM::Role")) {
            assertEquals(before.path("types").path(other), after.path("types").path(other), other + " untouched");
        }
        assertTrue(Files.readString(dir.resolve("bin/calls")).contains("cloudformation describe-type --region eu-west-1 --type RESOURCE --type-name AWS::SQS::Queue"));

        PermissionTable refreshed = PermissionTable.parse(after);
        assertEquals(List.of("sqs:CreateQueue", "sqs:TagQueue", "sqs:GetQueueAttributes", "sqs:DeleteQueue"),
                List.copyOf(refreshed.find("AWS::SQS::Queue").orElseThrow().stackActions()));
    }

    @Test
    void aTypeWithoutHandlersIsRefusedAndTheTableLeftAsItWas() throws Exception {
        String before = Files.readString(table);
        int code = refresh("AWS::Legacy::Thing");
        assertNotEquals(0, code, output);
        assertTrue(output.contains("AWS::Legacy::Thing publishes no handlers in DescribeType"), output);
        assertEquals(before, Files.readString(table));
    }

    @Test
    void aNameThatIsNoResourceTypeIsRefusedBeforeCallingAws() throws Exception {
        assertEquals(2, refresh("SQS::Queue"), output);
        assertTrue(output.contains("'SQS::Queue' is not a resource type name"), output);
        assertTrue(Files.notExists(dir.resolve("bin/calls")), "aws was not called");
    }
}
