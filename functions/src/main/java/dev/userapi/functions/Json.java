package dev.userapi.functions;

import software.amazon.awssdk.thirdparty.jackson.core.JsonFactory;
import software.amazon.awssdk.thirdparty.jackson.core.JsonGenerator;
import software.amazon.awssdk.thirdparty.jackson.core.JsonLocation;
import software.amazon.awssdk.thirdparty.jackson.core.JsonParser;
import software.amazon.awssdk.thirdparty.jackson.core.JsonProcessingException;
import software.amazon.awssdk.thirdparty.jackson.core.JsonToken;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The API's JSON, read and written with Jackson's streaming parser.
 *
 * <p>A create request is exactly one JSON object with the string fields {@code id} and
 * {@code name}. Unknown fields are refused rather than ignored, so a typo such as {@code "nmae"}
 * is a 400 that names the field instead of a "name is required" that hides it; duplicate fields
 * and content after the object are refused because their meaning is ambiguous.
 */
final class Json {

    /** Thread-safe and costly to build; one per container. */
    private static final JsonFactory FACTORY = new JsonFactory();

    private static final int MAX_ECHOED_FIELD_NAME = 64;

    private Json() {
    }

    /** The user a {@code POST /users} body describes, or a 400 that says what is wrong with it. */
    static User readNewUser(String body) {
        String id = null;
        String name = null;
        try (JsonParser parser = FACTORY.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw ApiException.badRequest("the request body must be a JSON object with \"id\" and \"name\", not "
                        + describe(first));
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "id" -> {
                        requireFirst(id, field);
                        id = stringValue(parser, field, value);
                    }
                    case "name" -> {
                        requireFirst(name, field);
                        name = stringValue(parser, field, value);
                    }
                    default -> throw ApiException.badRequest("unknown field \"" + abbreviate(field)
                            + "\": a user has only \"id\" and \"name\"");
                }
            }
            if (parser.nextToken() != null) {
                throw ApiException.badRequest("the request body has content after the JSON object");
            }
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the request body is not valid JSON" + where(e.getLocation()) + ": "
                    + plain(e.getOriginalMessage()));
        } catch (IOException e) {
            // Parsing a String does no I/O; Jackson only declares it.
            throw new UncheckedIOException(e);
        }
        return new User(validId(id), validName(name));
    }

    static String user(User user) {
        return write(generator -> {
            generator.writeStringField("id", user.id());
            generator.writeStringField("name", user.name());
        });
    }

    static String error(String message) {
        return write(generator -> generator.writeStringField("error", message));
    }

    private static String validId(String id) {
        if (id == null) {
            throw ApiException.badRequest("field \"id\" is required");
        }
        if (id.isEmpty()) {
            throw ApiException.badRequest("field \"id\" must not be empty");
        }
        if (!User.isValidId(id)) {
            throw ApiException.badRequest("field \"id\" must be " + User.ID_RULE);
        }
        return id;
    }

    private static String validName(String name) {
        if (name == null) {
            throw ApiException.badRequest("field \"name\" is required");
        }
        if (name.isBlank()) {
            throw ApiException.badRequest("field \"name\" must not be empty or only whitespace");
        }
        if (!isWellFormedUnicode(name)) {
            // A JSON escape such as "\ud800" yields half a character, which cannot be stored as UTF-8.
            throw ApiException.badRequest("field \"name\" contains an unpaired UTF-16 surrogate escape");
        }
        int length = name.codePointCount(0, name.length());
        if (length > User.MAX_NAME_LENGTH) {
            throw ApiException.badRequest("field \"name\" is " + length + " characters long; the limit is "
                    + User.MAX_NAME_LENGTH);
        }
        return name;
    }

    private static void requireFirst(String previous, String field) {
        if (previous != null) {
            throw ApiException.badRequest("field \"" + field + "\" appears more than once");
        }
    }

    private static String stringValue(JsonParser parser, String field, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw ApiException.badRequest("field \"" + field + "\" must be a string, not " + describe(value));
        }
        return parser.getText();
    }

    static boolean isWellFormedUnicode(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }

    private static String abbreviate(String field) {
        return field.length() <= MAX_ECHOED_FIELD_NAME ? field : field.substring(0, MAX_ECHOED_FIELD_NAME) + "...";
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 0
                ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /**
     * Jackson's message without its "(start marker at [Source: ...])" tail and line breaks, which
     * say nothing to a client beyond the line and column given already.
     */
    private static String plain(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int tail = message.indexOf(" (start marker at");
        if (tail < 0) {
            tail = message.indexOf(" at [Source");
        }
        String head = tail < 0 ? message : message.substring(0, tail);
        return head.replaceAll("\\s+", " ").strip();
    }

    private interface Fields {
        void write(JsonGenerator generator) throws IOException;
    }

    private static String write(Fields fields) {
        StringWriter out = new StringWriter(64);
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            generator.writeStartObject();
            fields.write(generator);
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
