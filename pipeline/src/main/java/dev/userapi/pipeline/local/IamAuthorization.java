package dev.userapi.pipeline.local;

import dev.userapi.pipeline.local.LocalApp.LocalCaller;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

/**
 * What API Gateway does for a method with {@code AuthorizationType: AWS_IAM}: authenticate the
 * request's Signature Version 4 signature, then authorize the caller's {@code execute-api:Invoke} on
 * the method's ARN, answering each failure as API Gateway does (403 with its message and error type).
 *
 * <p>The signature is checked by signing the same request again with the AWS SDK's own SigV4 signer
 * under the caller's secret, the request's {@code X-Amz-Date} and exactly the headers the client
 * signed, then comparing signatures; nothing here computes SigV4 by hand. The signer is
 * {@link Aws4Signer}: its successor, {@code AwsV4HttpSigner}, always adds and signs an
 * {@code x-amz-content-sha256} header, so it cannot reproduce a signature over {@code host;x-amz-date}
 * alone, which is what curl's {@code --aws-sigv4} and most SigV4 clients send to API Gateway. Callers
 * are the template's managed policies that grant {@code execute-api:Invoke} ({@link LocalCaller}).
 */
final class IamAuthorization {
    /** How far a request's time may be from the server's, as AWS allows. */
    static final Duration MAX_SKEW = Duration.ofMinutes(5);
    private static final String SERVICE = "execute-api";
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^,\\s]+),\\s*SignedHeaders=([^,\\s]+),\\s*Signature=([0-9a-f]{64})\\s*");
    private static final Pattern SIGNATURE = Pattern.compile("Signature=([0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** A caller the request proved to be, or the answer API Gateway gives instead and why. */
    sealed interface Outcome {
        record Allowed(LocalCaller caller) implements Outcome {
        }

        record Refused(GatewayResponse response, String reason) implements Outcome {
        }
    }

    private final LocalEnvironment env;
    private final Map<String, LocalCaller> byAccessKey = new LinkedHashMap<>();
    @SuppressWarnings("deprecation") // see the class comment: the successor cannot sign without x-amz-content-sha256
    private final Aws4Signer signer = Aws4Signer.create();

    IamAuthorization(LocalApp app) {
        this.env = app.environment();
        app.callers().forEach(c -> byAccessKey.put(c.accessKeyId(), c));
    }

    /**
     * @param requestArn the method ARN, {@code arn:aws:execute-api:REGION:ACCOUNT:API/STAGE/METHOD/PATH}
     */
    Outcome check(IncomingRequest req, String requestArn, Instant now) {
        String authorization = req.header("Authorization");
        if (authorization == null || authorization.isBlank()) {
            return refused(GatewayResponse.missingAuthenticationToken(), "no Authorization header: the method needs a SigV4-signed request");
        }
        Matcher m = AUTHORIZATION.matcher(authorization.strip());
        if (!m.matches()) {
            return refused(GatewayResponse.gatewayError(403, message("Authorization header requires 'Credential', 'SignedHeaders' "
                    + "and 'Signature' parameters of an AWS4-HMAC-SHA256 signature."), "IncompleteSignatureException"),
                    "the Authorization header is not a SigV4 signature");
        }
        String[] scope = m.group(1).split("/");
        if (scope.length != 5 || !scope[4].equals("aws4_request")) {
            return refused(GatewayResponse.gatewayError(403, message("Credential should be scoped to a valid region."),
                    "IncompleteSignatureException"), "malformed credential scope " + m.group(1));
        }
        LocalCaller caller = byAccessKey.get(scope[0]);
        if (caller == null) {
            return refused(GatewayResponse.gatewayError(403, message("The security token included in the request is invalid."),
                    "UnrecognizedClientException"), "access key " + scope[0] + " is not one of this API's local callers");
        }
        if (!scope[3].equals(SERVICE)) {
            return refused(GatewayResponse.gatewayError(403, message("Credential should be scoped to correct service: 'execute-api'. "),
                    "InvalidSignatureException"), "signed for service " + scope[3]);
        }
        if (!scope[2].equals(env.region())) {
            return refused(GatewayResponse.gatewayError(403, message("Credential should be scoped to a valid region. "),
                    "InvalidSignatureException"), "signed for region " + scope[2] + ", not " + env.region());
        }
        Optional<Instant> signedAt = amzDate(req);
        if (signedAt.isEmpty()) {
            return refused(GatewayResponse.gatewayError(403, message("Authorization header requires existence of either a "
                    + "'X-Amz-Date' or a 'Date' header."), "IncompleteSignatureException"), "no X-Amz-Date header");
        }
        if (Duration.between(signedAt.get(), now).abs().compareTo(MAX_SKEW) > 0) {
            return refused(GatewayResponse.gatewayError(403, message("Signature expired: " + AMZ_DATE.format(signedAt.get())
                    + " is now earlier than " + AMZ_DATE.format(now.minus(MAX_SKEW)) + " (" + AMZ_DATE.format(now)
                    + " - 5 min.)"), "InvalidSignatureException"), "the request was signed more than 5 minutes from now");
        }
        List<String> signedHeaders = Arrays.asList(m.group(2).toLowerCase(Locale.ROOT).split(";"));
        String expected = signature(req, caller, signedHeaders, signedAt.get());
        if (expected == null || !expected.equals(m.group(3))) {
            return refused(GatewayResponse.gatewayError(403, message("The request signature we calculated does not match the "
                    + "signature you provided. Check your AWS Secret Access Key and signing method. Consult the service "
                    + "documentation for details."), "InvalidSignatureException"), "the signature does not match " + caller.name()
                    + "'s secret for this request");
        }
        if (caller.allowedResources().stream().noneMatch(r -> ArnPattern.matches(r, requestArn))) {
            return refused(GatewayResponse.gatewayError(403, "{\"Message\":\"User: " + caller.userArn()
                    + " is not authorized to perform: execute-api:Invoke on resource: " + masked(requestArn) + "\"}",
                    "AccessDeniedException"), caller.policyLogicalId() + " (line " + caller.line() + ") allows "
                    + caller.allowedResources() + ", not " + requestArn);
        }
        return new Outcome.Allowed(caller);
    }

    /** The signature the SDK's signer gives this request with the caller's secret, or null if it cannot be signed. */
    private String signature(IncomingRequest req, LocalCaller caller, List<String> signedHeaders, Instant signedAt) {
        String host = req.header("Host");
        if (host == null || !signedHeaders.contains("host")) {
            return null;
        }
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.fromValue(req.method()))
                .protocol("http")
                .host(host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host)
                .port(host.contains(":") ? Integer.parseInt(host.substring(host.lastIndexOf(':') + 1)) : 80)
                .encodedPath(req.rawPath());
        // The same decoding the proxy event gets; the signer encodes the parameters again, as the client did.
        ProxyEvents.query(req.rawQuery()).forEach((name, values) -> values.forEach(v -> request.appendRawQueryParameter(name, v)));
        for (Map.Entry<String, String> h : req.headers()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            // Host comes from the request line's authority and X-Amz-Date from the signing clock: the
            // signer writes both itself, and a copy here would be signed twice.
            if (signedHeaders.contains(name) && !name.equals("host") && !name.equals("x-amz-date") && !name.equals("authorization")) {
                request.appendHeader(h.getKey(), h.getValue());
            }
        }
        if (req.body().length > 0) {
            request.contentStreamProvider(() -> new ByteArrayInputStream(req.body()));
        }
        try {
            @SuppressWarnings("deprecation")
            Aws4SignerParams params = Aws4SignerParams.builder()
                    .awsCredentials(AwsBasicCredentials.create(caller.accessKeyId(), caller.secretAccessKey()))
                    .signingName(SERVICE)
                    .signingRegion(Region.of(env.region()))
                    .signingClockOverride(Clock.fixed(signedAt, ZoneOffset.UTC))
                    .build();
            @SuppressWarnings("deprecation")
            SdkHttpFullRequest signed = signer.sign(request.build(), params);
            String ours = signed.firstMatchingHeader("Authorization").orElse("");
            Matcher s = SIGNATURE.matcher(ours);
            return s.find() ? s.group(1) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Optional<Instant> amzDate(IncomingRequest req) {
        String value = req.header("X-Amz-Date");
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.from(AMZ_DATE.parse(value.strip())));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** API Gateway shows only the last four digits of the account in a denied resource ARN. */
    static String masked(String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length == 6 && parts[4].length() == 12) {
            parts[4] = "********" + parts[4].substring(8);
        }
        return String.join(":", parts);
    }

    private static String message(String text) {
        return "{\"message\":\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }

    private static Outcome refused(GatewayResponse response, String reason) {
        return new Outcome.Refused(response, reason);
    }
}
