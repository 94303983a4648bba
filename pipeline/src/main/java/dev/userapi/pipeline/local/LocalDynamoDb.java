package dev.userapi.pipeline.local;

import dev.userapi.dynalite.Dynalite;
import dev.userapi.dynalite.DynaliteException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Where `pipeline local`'s tables live and how the functions reach them: dynalite started for this run
 * (the default), or any DynamoDB-compatible endpoint the user names with {@code --dynamodb-endpoint}
 * (moto_server, LocalStack, ScyllaDB Alternator, DynamoDB itself in a dev account).
 *
 * @param endpoint    what {@code AWS_ENDPOINT_URL_DYNAMODB} is set to for the functions
 * @param region      the region requests are signed for: the stand-in, or the one an AWS endpoint names
 * @param credentials the {@code AWS_*} variables the functions get, as Lambda gives a role's session
 * @param description how the banner names it, e.g. {@code dynalite in memory}
 */
record LocalDynamoDb(URI endpoint, String region, Map<String, String> credentials, String description,
                     AutoCloseable stop) implements AutoCloseable {
    private static final Pattern AWS_HOST = Pattern.compile("dynamodb(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?");
    /** Any value works against a local engine; these make it obvious in a log that nothing real is used. */
    private static final Map<String, String> STAND_IN_CREDENTIALS = Map.of(
            "AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local", "AWS_SESSION_TOKEN", "local");

    LocalDynamoDb {
        credentials = Map.copyOf(credentials);
    }

    /**
     * dynalite on 127.0.0.1, installed on first use (a line on {@code log} says so).
     *
     * @throws LocalException BAD_INPUT when Node.js 20+ is missing (nothing is started), SERVER when
     *                        dynalite cannot be installed or started
     */
    static LocalDynamoDb dynalite(Path dataDir, String region, PrintWriter log) {
        try {
            Dynalite d = Dynalite.start(dataDir, line -> {
                log.println("pipeline local: " + line);
                log.flush();
            });
            return new LocalDynamoDb(d.endpoint(), region, STAND_IN_CREDENTIALS,
                    "dynalite " + (dataDir == null ? "in memory" : "in " + dataDir), d);
        } catch (DynaliteException e) {
            throw new LocalException(e.kind() == DynaliteException.Kind.NODE_MISSING
                    ? LocalException.Kind.BAD_INPUT : LocalException.Kind.SERVER, e.getMessage(), e);
        }
    }

    /**
     * An endpoint the user runs. Credentials: the named profile's; else, for an AWS endpoint, the SDK's
     * default chain; else stand-ins (local engines accept any signature).
     *
     * @throws LocalException BAD_INPUT for a URL that is not http(s) or a profile whose credentials do not resolve
     */
    static LocalDynamoDb external(URI endpoint, String profile, String standInRegion) {
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || endpoint.getHost() == null) {
            throw LocalException.badInput("--dynamodb-endpoint " + endpoint + ": not an http(s) URL; e.g. http://127.0.0.1:5000");
        }
        Matcher aws = AWS_HOST.matcher(endpoint.getHost().toLowerCase(Locale.ROOT));
        String region = aws.matches() ? aws.group(1) : standInRegion;
        Map<String, String> credentials = STAND_IN_CREDENTIALS;
        if (profile != null || aws.matches()) {
            credentials = resolve(profile == null ? DefaultCredentialsProvider.builder().build()
                    : ProfileCredentialsProvider.create(profile), profile);
        }
        return new LocalDynamoDb(endpoint, region, credentials, endpoint + (profile == null ? "" : " (profile " + profile + ")"),
                () -> { });
    }

    private static Map<String, String> resolve(AwsCredentialsProvider provider, String profile) {
        AwsCredentials c;
        try {
            c = provider.resolveCredentials();
        } catch (SdkClientException e) {
            throw LocalException.badInput("no AWS credentials for --dynamodb-endpoint" + (profile == null ? "" : " from profile "
                    + profile) + ": " + e.getMessage() + (profile == null ? "" : "; run `aws sso login --profile " + profile + "`"));
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put("AWS_ACCESS_KEY_ID", c.accessKeyId());
        out.put("AWS_SECRET_ACCESS_KEY", c.secretAccessKey());
        if (c instanceof AwsSessionCredentials s) {
            out.put("AWS_SESSION_TOKEN", s.sessionToken());
        }
        return out;
    }

    @Override
    public void close() {
        try {
            stop.close();
        } catch (Exception e) {
            // Stopping is best effort at shutdown; dynalite also stops when this JVM's pipe to it closes.
        }
    }
}
