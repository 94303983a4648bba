package dev.userapi.pipeline.local;

import dev.userapi.pipeline.local.LocalApp.LocalTable;
import dev.userapi.pipeline.local.LocalApp.SecondaryIndex;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Creates the template's tables in the local engine (or the endpoint the user named) with the
 * template's key schema, attribute definitions, billing mode and indexes. A table that already exists
 * (a kept {@code --data} directory, a table on a shared endpoint) is used as it is if its key schema is
 * the template's, and refused otherwise, rather than dropped with its data.
 */
final class TableProvisioner {

    /** @return per table, true when it was created, false when it existed */
    static List<Boolean> provision(LocalDynamoDb engine, List<LocalTable> tables) {
        var c = engine.credentials();
        String token = c.get("AWS_SESSION_TOKEN");
        try (DynamoDbClient ddb = DynamoDbClient.builder()
                .endpointOverride(engine.endpoint())
                .region(Region.of(engine.region()))
                .credentialsProvider(StaticCredentialsProvider.create(token == null
                        ? AwsBasicCredentials.create(c.get("AWS_ACCESS_KEY_ID"), c.get("AWS_SECRET_ACCESS_KEY"))
                        : AwsSessionCredentials.create(c.get("AWS_ACCESS_KEY_ID"), c.get("AWS_SECRET_ACCESS_KEY"), token)))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            return tables.stream().map(t -> ensure(ddb, t, engine.description())).toList();
        }
    }

    private static boolean ensure(DynamoDbClient ddb, LocalTable t, String where) {
        TableDescription existing;
        try {
            existing = ddb.describeTable(r -> r.tableName(t.name())).table();
        } catch (ResourceNotFoundException e) {
            ddb.createTable(request(t));
            return true;
        }
        List<KeySchemaElement> want = keySchema(t.keySchema());
        if (!existing.keySchema().equals(want)) {
            throw LocalException.badInput("table " + t.name() + " (" + where + ") has the key "
                    + existing.keySchema().stream().map(k -> k.attributeName() + " " + k.keyTypeAsString()).toList()
                    + " but the template's " + t.logicalId() + " has " + t.describeKey()
                    + "; use another --data directory or endpoint, or delete that table to start empty");
        }
        return false;
    }

    static CreateTableRequest request(LocalTable t) {
        CreateTableRequest.Builder b = CreateTableRequest.builder()
                .tableName(t.name())
                .keySchema(keySchema(t.keySchema()))
                .attributeDefinitions(t.attributes().stream()
                        .map(a -> AttributeDefinition.builder().attributeName(a.name()).attributeType(a.type()).build())
                        .toList())
                .billingMode(t.billingMode());
        if (t.throughput() != null && t.billingMode().equals("PROVISIONED")) {
            b.provisionedThroughput(throughput(t.throughput()));
        }
        if (!t.globalIndexes().isEmpty()) {
            b.globalSecondaryIndexes(t.globalIndexes().stream().map(i -> {
                GlobalSecondaryIndex.Builder g = GlobalSecondaryIndex.builder().indexName(i.name())
                        .keySchema(keySchema(i.keySchema())).projection(projection(i));
                if (i.throughput() != null && t.billingMode().equals("PROVISIONED")) {
                    g.provisionedThroughput(throughput(i.throughput()));
                }
                return g.build();
            }).toList());
        }
        if (!t.localIndexes().isEmpty()) {
            b.localSecondaryIndexes(t.localIndexes().stream().map(i -> LocalSecondaryIndex.builder().indexName(i.name())
                    .keySchema(keySchema(i.keySchema())).projection(projection(i)).build()).toList());
        }
        return b.build();
    }

    private static List<KeySchemaElement> keySchema(List<LocalApp.KeyElement> key) {
        return key.stream().map(k -> KeySchemaElement.builder().attributeName(k.attributeName()).keyType(k.keyType()).build()).toList();
    }

    private static Projection projection(SecondaryIndex i) {
        Projection.Builder p = Projection.builder().projectionType(i.projectionType());
        if (!i.nonKeyAttributes().isEmpty()) {
            p.nonKeyAttributes(i.nonKeyAttributes());
        }
        return p.build();
    }

    private static ProvisionedThroughput throughput(LocalApp.Throughput t) {
        return ProvisionedThroughput.builder().readCapacityUnits(t.readCapacityUnits()).writeCapacityUnits(t.writeCapacityUnits()).build();
    }

    private TableProvisioner() {
    }
}
