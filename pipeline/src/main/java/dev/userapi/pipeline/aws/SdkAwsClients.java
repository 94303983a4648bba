package dev.userapi.pipeline.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache.ProxyConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Builds the real SDK clients. Every client shares one HTTP connection pool and one retry policy:
 * the SDK's standard strategy (exponential backoff with jitter; {@code Throttling} / "Rate exceeded"
 * and the other throttling codes back off longer) with more attempts than its default of 3, because
 * a deploy polls CloudFormation for many minutes, often for several targets in one account at once,
 * and a throttled poll must slow down, never fail the deploy.
 *
 * <p>Closing it closes the shared HTTP client; the SDK clients built from it do not own the pool.
 */
public final class SdkAwsClients implements AwsClients, AutoCloseable {
    /** Standard mode's default is 3; 10 attempts with capped backoff ride out a throttling burst of a minute or more. */
    static final int MAX_ATTEMPTS = 10;

    /**
     * How long one call may take. The SDK's defaults wait on a silent endpoint for as long as the socket
     * timeout allows on every attempt (10 × 60 s); these bound it.
     *
     * @param socket      no byte for this long on an open connection: the attempt has failed
     * @param attempt     one attempt of a control-plane call (STS, CloudFormation): they answer in
     *                    milliseconds, so 30 s is a hung endpoint
     * @param call        every attempt of one control-plane call with its back-off; above the 10
     *                    throttled attempts' capped back-off, so throttling is still ridden out
     * @param transfer    one attempt of an S3 call, which may carry a large artifact
     * @param transferAll every attempt of one S3 call
     */
    record Timeouts(Duration socket, Duration attempt, Duration call, Duration transfer, Duration transferAll) {
        static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMinutes(4),
                Duration.ofMinutes(10), Duration.ofMinutes(30));
        /** A server on this machine answers at once or not at all. */
        static final Timeouts LOOPBACK = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    private final Map<String, String> environment;
    private final SdkHttpClient http;
    private final ClientOverrideConfiguration overrides;
    private final ClientOverrideConfiguration transferOverrides;

    /** Reads {@code AWS_ENDPOINT_URL} from the process environment. */
    public SdkAwsClients() {
        this(System.getenv());
    }

    /** @param environment where {@code AWS_ENDPOINT_URL} is read from (a map, so tests need not set process variables) */
    public SdkAwsClients(Map<String, String> environment) {
        this(environment, Timeouts.DEFAULT);
    }

    SdkAwsClients(Map<String, String> environment, Timeouts timeouts) {
        this(environment, timeouts, false);
    }

    /**
     * Clients for a server on the loopback interface only ({@code StartupTraining}'s): no proxy, whatever
     * HTTP_PROXY or the proxy system properties say (a proxy would carry the requests off the machine),
     * one attempt per call and timeouts of seconds, so a server that is not there ends the run at once.
     */
    public static SdkAwsClients loopback() {
        return new SdkAwsClients(Map.of(), Timeouts.LOOPBACK, true);
    }

    private SdkAwsClients(Map<String, String> environment, Timeouts timeouts, boolean loopback) {
        this.environment = Map.copyOf(environment);
        ApacheHttpClient.Builder http = ApacheHttpClient.builder()
                // Parallel targets each poll CloudFormation and may upload to S3 at the same time.
                .maxConnections(64)
                .connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(timeouts.socket());
        if (loopback) {
            http.proxyConfiguration(ProxyConfiguration.builder().useSystemPropertyValues(false).useEnvironmentVariableValues(false).build());
        }
        this.http = http.build();
        this.overrides = ClientOverrideConfiguration.builder()
                .retryStrategy(loopback ? retryStrategy().toBuilder().maxAttempts(1).build() : retryStrategy())
                .apiCallAttemptTimeout(timeouts.attempt())
                .apiCallTimeout(timeouts.call())
                .addExecutionInterceptor(NAME_THE_CALL)
                .build();
        this.transferOverrides = overrides.toBuilder()
                .apiCallAttemptTimeout(timeouts.transfer())
                .apiCallTimeout(timeouts.transferAll())
                .build();
    }

    /** Every failure says which call it was: service, operation, region and endpoint (see {@link AwsCall}). */
    private static final ExecutionInterceptor NAME_THE_CALL = new ExecutionInterceptor() {
        @Override
        public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
            Boolean overridden = attributes.getAttribute(SdkExecutionAttribute.ENDPOINT_OVERRIDDEN);
            Region region = attributes.getAttribute(AwsExecutionAttribute.AWS_REGION);
            return AwsCall.attach(context.exception(), attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                    attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), region == null ? null : region.id(),
                    Boolean.TRUE.equals(overridden) ? attributes.getAttribute(SdkExecutionAttribute.CLIENT_ENDPOINT) : null);
        }
    };

    /**
     * The SDK's standard retry strategy for AWS services (so AWS's throttling and transient error
     * codes are recognised), with more attempts. The retry-quota circuit breaker is off: it exists to
     * stop retry storms in fleets of servers, but a CLI that must finish a deploy it started should
     * keep backing off rather than give up when a long throttling burst drains the quota.
     */
    static RetryStrategy retryStrategy() {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(MAX_ATTEMPTS)
                .circuitBreakerEnabled(false)
                .build();
    }

    @Override
    public AwsCredentialsProvider baseCredentials(String profile) {
        if (profile == null || profile.isBlank()) {
            // Environment, system properties, web identity (GitHub OIDC), the default profile
            // (including SSO), container and instance credentials, in the SDK's documented order.
            return DefaultCredentialsProvider.builder().build();
        }
        // An explicit --profile wins over AWS_ACCESS_KEY_ID in the environment: the user asked for it.
        // SSO profiles resolve through the sso/ssooidc modules on the classpath.
        return ProfileCredentialsProvider.builder().profileName(profile).build();
    }

    @Override
    public StsClient sts(String region, AwsCredentialsProvider credentials, URI endpoint) {
        return build(StsClient.builder(), region, credentials, endpoint(endpoint), overrides);
    }

    @Override
    public CloudFormationClient cloudFormation(String region, AwsCredentialsProvider credentials, URI endpoint) {
        return build(CloudFormationClient.builder(), region, credentials, endpoint(endpoint), overrides);
    }

    @Override
    public CloudWatchLogsClient logs(String region, AwsCredentialsProvider credentials, URI endpoint) {
        return build(CloudWatchLogsClient.builder(), region, credentials, endpoint(endpoint), overrides);
    }

    @Override
    public DynamoDbClient dynamoDb(String region, AwsCredentialsProvider credentials, URI endpoint) {
        return build(DynamoDbClient.builder(), region, credentials, endpoint(endpoint), overrides);
    }

    @Override
    public S3Client s3(String region, AwsCredentialsProvider credentials, URI endpoint) {
        URI e = endpoint(endpoint);
        S3ClientBuilder b = S3Client.builder();
        if (e != null) {
            // LocalStack and most S3-compatible endpoints have no per-bucket DNS names.
            b.forcePathStyle(true);
            // Since 2.30 the SDK adds a CRC checksum to every upload (aws-chunked with a trailer) and asks for
            // and checks one on every download. S3-compatible servers differ in how much of that they speak,
            // and a server that gets it wrong would fail a deploy over a checksum nobody asked for. Against
            // them, checksums only where the API requires one. Integrity does not depend on it: the artifact
            // and the deploy records carry their own ChecksumSHA256, which is sent whatever this says, and
            // ArtifactStore compares the stored SHA-256 and size on HeadObject.
            b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return build(b, region, credentials, e, transferOverrides);
    }

    /** What every client shares: its region and credentials, the one HTTP pool and retry policy, and the endpoint if any. */
    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
            B builder, String region, AwsCredentialsProvider credentials, URI endpoint, ClientOverrideConfiguration config) {
        builder.region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(config);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    /** The endpoint a client should use: the argument (accounts.yaml's {@code endpoint:}), else {@code AWS_ENDPOINT_URL}, else AWS. */
    URI endpoint(URI explicit) {
        if (explicit != null) {
            return explicit;
        }
        String fromEnv = environment.get("AWS_ENDPOINT_URL");
        return fromEnv == null || fromEnv.isBlank() ? null : URI.create(fromEnv.strip());
    }

    @Override
    public void close() {
        http.close();
    }
}
