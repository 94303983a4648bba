package dev.userapi.pipeline.policy;

import java.util.regex.Pattern;

/**
 * ARNs that name nothing in particular: every part AWS uses to pick resources (region, account, the
 * name after the resource type) is a wildcard or left empty, so {@code arn:aws:logs:*:*:*},
 * {@code arn:aws:s3:::*} and {@code arn:aws:dynamodb:*:*:table/*} grant as much as {@code "*"} for
 * that service. An ARN with any concrete part ({@code logs:*:${AWS::AccountId}:log-group:/aws/lambda/app-*})
 * is a pattern, not everything.
 */
final class WildcardArn {
    /** arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE; the resource may contain further ':' and '/'. */
    private static final Pattern ARN = Pattern.compile("arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)");
    /** A resource that is only wildcards: {@code *}, {@code *:*}, {@code *}/{@code *}. */
    private static final Pattern ANY_NAME = Pattern.compile("[*/:]*\\*[*/:]*");
    /**
     * The same after a resource-type word: "table/*", "log-group:*", "role/*". S3 has no type word: in
     * {@code arn:aws:s3:::uploads/*} the word is a bucket name, so S3 ARNs are read without one.
     */
    private static final Pattern ANY_OF_TYPE = Pattern.compile("[a-z][a-z-]*[/:][*/:]*\\*[*/:]*");

    private WildcardArn() {
    }

    /** True for {@code "*"} and for ARNs made only of wildcards where AWS expects a region, an account and a name. */
    static boolean coversAll(String resource) {
        if (resource == null) {
            return false;
        }
        if (resource.equals("*")) {
            return true;
        }
        // ${AWS::Region}, ${AWS::AccountId}, ${Name}: concrete at deploy time, and their "::" is not an ARN separator.
        var m = ARN.matcher(resource.replaceAll("\\$\\{[^}]*}", "x"));
        if (!m.matches() || !anyOrEmpty(m.group(3)) || !anyOrEmpty(m.group(4))) {
            return false;
        }
        String name = m.group(5);
        return ANY_NAME.matcher(name).matches() || !m.group(2).startsWith("s3") && ANY_OF_TYPE.matcher(name).matches();
    }

    private static boolean anyOrEmpty(String part) {
        return part.isEmpty() || part.chars().allMatch(c -> c == '*');
    }
}
