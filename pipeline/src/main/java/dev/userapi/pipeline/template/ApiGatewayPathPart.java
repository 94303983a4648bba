package dev.userapi.pipeline.template;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What API Gateway accepts as an {@code AWS::ApiGateway::Resource} {@code PathPart}. CreateResource
 * refuses anything else with a BadRequestException ("Resource's path part only allow a-zA-Z0-9._-: ...
 * and curly braces at the beginning and the end and an optional plus sign before the closing brace"),
 * which CloudFormation reports only when the stack is already being changed. {@code pipeline validate}
 * and {@code pipeline local} both check it through this class, so neither serves or passes a path
 * AWS would refuse.
 */
public final class ApiGatewayPathPart {
    private static final String NAME = "[A-Za-z0-9._:-]+";
    private static final Pattern VALID = Pattern.compile(NAME + "|\\{" + NAME + "\\+?}");

    private ApiGatewayPathPart() {
    }

    /** Why API Gateway would refuse {@code part}, or empty when it accepts it. */
    public static Optional<String> problem(String part) {
        if (VALID.matcher(part).matches()) {
            return Optional.empty();
        }
        return Optional.of("PathPart '" + part + "' is refused by API Gateway: a path part is one segment of the "
                + "characters a-z A-Z 0-9 . _ - : or a path variable {name} or greedy {name+}"
                + describeOffending(part));
    }

    private static String describeOffending(String part) {
        String inner = part.startsWith("{") && part.endsWith("}") ? part.substring(1, part.length() - (part.endsWith("+}") ? 2 : 1)) : part;
        return inner.codePoints().filter(c -> !(c < 128 && (Character.isLetterOrDigit(c) || "._:-".indexOf(c) >= 0)))
                .findFirst()
                .stream().mapToObj(c -> "; it has " + (c == ' ' ? "a space" : Character.isISOControl(c) || Character.isWhitespace(c)
                        ? String.format("U+%04X", c) : "'" + Character.toString(c) + "'"))
                .findFirst().orElse("");
    }
}
