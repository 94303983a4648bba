package dev.userapi.pipeline.aws;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The one place AWS SDK clients come from. Production uses {@link SdkAwsClients}; tests pass fakes
 * that keep state. Nothing else in the pipeline calls an SDK client builder, so region, retries,
 * HTTP client and endpoint override are decided once.
 */
public interface AwsClients {

    /** The identity the pipeline starts from: the SDK's default chain, or the named profile (SSO included). */
    AwsCredentialsProvider baseCredentials(String profile);

    /** @param endpoint nullable: an AWS-compatible endpoint; null means AWS (or {@code AWS_ENDPOINT_URL}) */
    StsClient sts(String region, AwsCredentialsProvider credentials, URI endpoint);

    CloudFormationClient cloudFormation(String region, AwsCredentialsProvider credentials, URI endpoint);

    S3Client s3(String region, AwsCredentialsProvider credentials, URI endpoint);

    /** CloudWatch Logs, for {@code pipeline logs}. */
    CloudWatchLogsClient logs(String region, AwsCredentialsProvider credentials, URI endpoint);

    /** DynamoDB, for the item count {@code pipeline delete} shows of a table it keeps. */
    DynamoDbClient dynamoDb(String region, AwsCredentialsProvider credentials, URI endpoint);
}
