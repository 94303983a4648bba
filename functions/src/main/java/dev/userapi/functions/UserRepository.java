package dev.userapi.functions;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import java.util.Map;
import java.util.Optional;

/**
 * Users in DynamoDB: one item per user, key {@code id} (S), attribute {@code name} (S). Each
 * operation is a single call that the function's role allows ({@code PutItem}, {@code GetItem},
 * {@code DeleteItem}); existence checks are conditions on that call, never a separate read, so
 * they hold under concurrent requests.
 */
public final class UserRepository {

    /**
     * The key of SnapStart priming's calls: outside {@link User#ID_PATTERN} ({@code #} is not
     * allowed), so no user can ever have it and priming never reads or changes a real user.
     */
    static final String PRIMING_ID = "#snapstart-priming";

    private static final String ID = "id";
    private static final String NAME = "name";

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public UserRepository(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    /** Stores the user unless one with its id exists; an existing user is never overwritten. */
    public boolean createIfAbsent(User user) {
        try {
            dynamoDb.putItem(PutItemRequest.builder()
                    .tableName(tableName)
                    .item(Map.of(ID, string(user.id()), NAME, string(user.name())))
                    .conditionExpression("attribute_not_exists(" + ID + ")")
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Strongly consistent, so a user is readable as soon as its create has answered 201. */
    public Optional<User> find(String id) {
        GetItemResponse response = dynamoDb.getItem(GetItemRequest.builder()
                .tableName(tableName)
                .key(key(id))
                .consistentRead(true)
                .build());
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(toUser(response.item()));
    }

    /** Deletes the user if it exists; false if there was none. */
    public boolean deleteIfPresent(String id) {
        try {
            dynamoDb.deleteItem(DeleteItemRequest.builder()
                    .tableName(tableName)
                    .key(key(id))
                    .conditionExpression("attribute_exists(" + ID + ")")
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * The create path's PutItem for {@link #PRIMING_ID}, conditioned on an item that never exists,
     * so DynamoDB refuses it and nothing is written; the refusal is the expected outcome.
     */
    void primePut() {
        try {
            dynamoDb.putItem(PutItemRequest.builder()
                    .tableName(tableName)
                    .item(Map.of(ID, string(PRIMING_ID), NAME, string("priming")))
                    .conditionExpression("attribute_exists(" + ID + ")")
                    .build());
        } catch (ConditionalCheckFailedException expected) {
            // Nothing was written.
        }
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of(ID, string(id));
    }

    private static AttributeValue string(String value) {
        return AttributeValue.builder().s(value).build();
    }

    private static User toUser(Map<String, AttributeValue> item) {
        String id = stringAttribute(item, ID);
        String name = stringAttribute(item, NAME);
        if (id == null || name == null) {
            // Written by something other than this API: a server-side data fault, not the client's.
            throw new IllegalStateException("stored user item lacks a string '" + (id == null ? ID : NAME)
                    + "' attribute");
        }
        return new User(id, name);
    }

    private static String stringAttribute(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
