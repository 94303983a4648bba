package dev.userapi.pipeline.policy;

import dev.userapi.pipeline.template.Intrinsics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The project's own files, found from the module directory the tests run in, and helpers to read them. */
final class ProjectFiles {
    private ProjectFiles() {
    }

    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("cloudformation/app.yaml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find cloudformation/app.yaml above " + Path.of("").toAbsolutePath());
    }

    static Path app() {
        return root().resolve("cloudformation/app.yaml");
    }

    static Path targetAccount() {
        return root().resolve("cloudformation/bootstrap/target-account.yaml");
    }

    static Path ciIdentity() {
        return root().resolve("cloudformation/bootstrap/ci-identity.yaml");
    }

    /** An intrinsic as a reader writes it ({@code !GetAtt Table.Arn}, {@code !Sub ...}), a string as itself. */
    static String render(Object value) {
        if (value instanceof String s) {
            return s;
        }
        String ref = Intrinsics.ref(value);
        if (ref != null) {
            return "!Ref " + ref;
        }
        List<String> getAtt = Intrinsics.getAtt(value);
        if (getAtt != null) {
            return "!GetAtt " + String.join(".", getAtt);
        }
        String sub = Intrinsics.subTemplate(value);
        if (sub != null && Intrinsics.subVariables(value).isEmpty()) {
            return "!Sub " + sub;
        }
        return String.valueOf(value);
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    /** A Sub template with every ${Name} replaced from {@code values}; an unknown name fails the test. */
    static String resolve(String template, Map<String, String> values) {
        Matcher m = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new AssertionError("no value for ${" + m.group(1) + "} in " + template);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Whether an IAM resource pattern ({@code *}, {@code ?}) matches a concrete ARN. */
    static boolean arnMatches(String pattern, String arn) {
        return arn.matches(IamActions.globToRegex(pattern));
    }
}
