package dev.userapi.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** Reads what a handler needs from an API Gateway proxy event, refusing what a client got wrong. */
final class Requests {

    /**
     * The largest body accepted, in bytes after base64 decoding. A valid user is at most a few
     * hundred bytes (64-character id, 256-character name); 16 KiB leaves room for any formatting
     * while keeping a client from making the function parse megabytes.
     */
    static final int MAX_BODY_BYTES = 16 * 1024;

    private Requests() {
    }

    /**
     * The request body as text: decoded from base64 when API Gateway marked it so (it does for
     * binary media types), checked against {@link #MAX_BODY_BYTES} and for valid UTF-8.
     */
    static String body(APIGatewayProxyRequestEvent event) {
        String body = event.getBody();
        if (body == null || body.isEmpty()) {
            throw ApiException.badRequest(
                    "the request body is empty: send a JSON object such as {\"id\": \"42\", \"name\": \"Jane Doe\"}");
        }
        if (Boolean.TRUE.equals(event.getIsBase64Encoded())) {
            // Four base64 characters carry three bytes: an encoded body this long cannot fit, so
            // refuse it before allocating its decoded copy.
            if (body.length() > (MAX_BODY_BYTES + 2) / 3 * 4) {
                throw tooLarge();
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("the request body is marked base64-encoded but is not valid base64");
            }
            if (bytes.length > MAX_BODY_BYTES) {
                throw tooLarge();
            }
            return strictUtf8(bytes);
        }
        // Every char is at least one UTF-8 byte, so a longer string is too large whatever it holds.
        if (body.length() > MAX_BODY_BYTES || utf8Length(body) > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        return body;
    }

    /** The validated {@code {id}} path parameter of {@code /users/{id}}. */
    static String pathId(APIGatewayProxyRequestEvent event) {
        Map<String, String> parameters = event.getPathParameters();
        String id = parameters == null ? null : parameters.get("id");
        if (id == null || id.isEmpty()) {
            throw ApiException.badRequest("the path parameter \"id\" is missing: call /users/{id}");
        }
        if (!User.isValidId(id)) {
            throw ApiException.badRequest("the user id in the path must be " + User.ID_RULE);
        }
        return id;
    }

    private static ApiException tooLarge() {
        return ApiException.payloadTooLarge("the request body is larger than " + MAX_BODY_BYTES
                + " bytes, the limit for a user (a 64-character id and a 256-character name)");
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("the request body is not valid UTF-8 text");
        }
    }

    /** UTF-8 length without encoding; an unpaired surrogate counts as the one byte it becomes. */
    static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 1;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
