package dev.userapi.pipeline.session;

import dev.userapi.pipeline.auth.AssumedRole;
import dev.userapi.pipeline.aws.AwsClients;
import dev.userapi.pipeline.config.Target;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The deployer role of one target, assumed and checked to be in the target's account, and the
 * clients that act through it. Made only by {@link Access#open}: no other path reaches a target
 * account. Clients are built on first use, so a command pays only for the services it calls.
 */
public final class TargetSession {
    private final AwsClients aws;
    private final Target target;
    private final AssumedRole role;
    private CloudFormationClient cloudFormation;
    private S3Client s3;
    private CloudWatchLogsClient logs;
    private DynamoDbClient dynamoDb;

    TargetSession(AwsClients aws, Target target, AssumedRole role) {
        this.aws = aws;
        this.target = target;
        this.role = role;
    }

    public Target target() {
        return target;
    }

    /** The assumed role's session ARN ({@code arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION}), as CloudTrail records it. */
    public String callerArn() {
        return role.arn();
    }

    /** The role's credentials, renewed before they expire. */
    public AwsCredentialsProvider credentials() {
        return role.credentials();
    }

    public synchronized CloudFormationClient cloudFormation() {
        if (cloudFormation == null) {
            cloudFormation = aws.cloudFormation(region(), credentials(), endpoint());
        }
        return cloudFormation;
    }

    public synchronized S3Client s3() {
        if (s3 == null) {
            s3 = aws.s3(region(), credentials(), endpoint());
        }
        return s3;
    }

    public synchronized CloudWatchLogsClient logs() {
        if (logs == null) {
            logs = aws.logs(region(), credentials(), endpoint());
        }
        return logs;
    }

    public synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = aws.dynamoDb(region(), credentials(), endpoint());
        }
        return dynamoDb;
    }

    private String region() {
        return target.region();
    }

    private URI endpoint() {
        return target.endpoint();
    }
}
