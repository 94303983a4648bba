package dev.userapi.pipeline.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/** The fake refuses what CloudFormation's API model refuses, with the same error code and message form. */
class FakeCloudFormationTest {
    static final String TEMPLATE = """
            Resources:
              Logs:
                Type: AWS::Logs::LogGroup
                Properties: {RetentionInDays: 7}
            """;

    final FakeCloudFormation cfn = new FakeCloudFormation("222222222222", "eu-west-1");

    @Test
    void requestTokensMustMatchTheDocumentedPatternAndLength() {
        String changeSet = cfn.createChangeSet(b -> b.stackName("s").changeSetName("c").changeSetType(ChangeSetType.CREATE)
                .templateBody(TEMPLATE)).id();
        CloudFormationException pattern = assertThrows(CloudFormationException.class,
                () -> cfn.executeChangeSet(b -> b.changeSetName(changeSet).clientRequestToken("deploy_1")));
        assertEquals("ValidationError", pattern.awsErrorDetails().errorCode());
        assertTrue(pattern.awsErrorDetails().errorMessage().contains("at 'clientRequestToken' failed to satisfy constraint: "
                + "Member must satisfy regular expression pattern: [a-zA-Z0-9][-a-zA-Z0-9]*"), pattern.getMessage());
        CloudFormationException length = assertThrows(CloudFormationException.class,
                () -> cfn.deleteStack(b -> b.stackName("s").clientRequestToken("a".repeat(129))));
        assertTrue(length.awsErrorDetails().errorMessage().contains("Member must have length less than or equal to 128"));
        CloudFormationException clientToken = assertThrows(CloudFormationException.class,
                () -> cfn.createChangeSet(b -> b.stackName("s2").changeSetName("c").changeSetType(ChangeSetType.CREATE)
                        .templateBody(TEMPLATE).clientToken("t".repeat(129))));
        assertTrue(clientToken.awsErrorDetails().errorMessage().contains("at 'clientToken'"));
    }

    @Test
    void tagsAreLimitedToFiftyWithBoundedKeysAndValues() {
        List<Tag> many = IntStream.range(0, 51).mapToObj(i -> Tag.builder().key("k" + i).value("v").build()).toList();
        CloudFormationException tooMany = assertThrows(CloudFormationException.class, () -> cfn.createChangeSet(b -> b.stackName("s")
                .changeSetName("c").changeSetType(ChangeSetType.CREATE).templateBody(TEMPLATE).tags(many)));
        assertEquals("ValidationError", tooMany.awsErrorDetails().errorCode());
        CloudFormationException empty = assertThrows(CloudFormationException.class, () -> cfn.createChangeSet(b -> b.stackName("s")
                .changeSetName("c").changeSetType(ChangeSetType.CREATE).templateBody(TEMPLATE)
                .tags(Collections.singletonList(Tag.builder().key("k").value("").build()))));
        assertTrue(empty.awsErrorDetails().errorMessage().contains("tags.member.value"));
    }
}
