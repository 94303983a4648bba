package dev.userapi.functions;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A user as the API shows it: {@code {"id": "...", "name": "..."}}.
 *
 * <p>The constraints live here so the request parser, the repository and the tests agree on them.
 */
public record User(String id, String name) {

    /** Ids go into URLs ({@code /users/{id}}) unescaped, so they are limited to URL-safe characters. */
    public static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** Describes {@link #ID_PATTERN} in error messages. */
    public static final String ID_RULE = "1 to 64 characters of A-Z, a-z, 0-9, '_' and '-'";

    /** Counted in Unicode code points, which is what a person counts, not UTF-16 units. */
    public static final int MAX_NAME_LENGTH = 256;

    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
    }

    public static boolean isValidId(String id) {
        return id != null && ID_PATTERN.matcher(id).matches();
    }
}
