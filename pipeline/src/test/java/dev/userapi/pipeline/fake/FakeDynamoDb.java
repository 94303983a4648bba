package dev.userapi.pipeline.fake;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * DynamoDB tables of one account and region, for {@code DescribeTable}: its {@code ItemCount} is the
 * approximate count AWS refreshes about every six hours, given here by the test.
 */
public final class FakeDynamoDb implements DynamoDbClient {
    private final String region;
    private final Map<String, Long> tables = new ConcurrentHashMap<>();

    public FakeDynamoDb(String region) {
        this.region = region;
    }

    public FakeDynamoDb table(String name, long itemCount) {
        tables.put(name, itemCount);
        return this;
    }

    @Override
    public DescribeTableResponse describeTable(DescribeTableRequest r) {
        Long count = tables.get(r.tableName());
        if (count == null) {
            String message = "Requested resource not found: Table: " + r.tableName() + " not found";
            throw ResourceNotFoundException.builder().statusCode(400).message(message)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceNotFoundException").errorMessage(message).build()).build();
        }
        return DescribeTableResponse.builder().table(TableDescription.builder().tableName(r.tableName())
                .tableStatus(TableStatus.ACTIVE).itemCount(count).build()).build();
    }

    @Override
    public String serviceName() {
        return "dynamodb";
    }

    @Override
    public DynamoDbServiceClientConfiguration serviceClientConfiguration() {
        return DynamoDbServiceClientConfiguration.builder().region(software.amazon.awssdk.regions.Region.of(region)).build();
    }

    @Override
    public void close() {
    }
}
