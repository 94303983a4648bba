package dev.userapi.pipeline.fake;

import dev.userapi.pipeline.aws.AwsClients;
import dev.userapi.pipeline.aws.SdkRetryForFakes;
import dev.userapi.pipeline.config.Target;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@link AwsClients} over a small world of accounts and regions: one {@link FakeSts} (identities,
 * roles, sessions and their expiry), one {@link FakeS3} (buckets owned by accounts) and one
 * {@link FakeCloudFormation} per account and region.
 *
 * <p>As with AWS, the account a CloudFormation call lands in is the account of the credentials that
 * sign it: every call resolves the client's credentials provider (so an auto-refreshing provider is
 * exercised), asks STS who they are, refuses expired or unknown ones with {@code ExpiredToken} /
 * {@code InvalidClientTokenId}, and goes to that account's CloudFormation in the client's region.
 * Every client is wrapped in the SDK's retry loop ({@link SdkRetryForFakes}), as a real client is.
 * Everything built or called is counted, so a test can assert that nothing touched AWS.
 */
public final class FakeAwsClients implements AwsClients {
    private final FakeSts sts;
    private final FakeS3 s3;
    private final Clock clock;
    private final Map<String, FakeCloudFormation> stacks = new ConcurrentHashMap<>();
    private final Map<String, FakeLogs> logs = new ConcurrentHashMap<>();
    private final Map<String, FakeDynamoDb> tables = new ConcurrentHashMap<>();
    private final Map<String, AwsCredentialsProvider> profiles = new HashMap<>();
    private final AtomicInteger touched = new AtomicInteger();
    private final List<String> built = new ArrayList<>();
    private final RetryStrategy retry = SdkRetryForFakes.strategy();
    private volatile AwsCredentialsProvider defaultChain;
    private volatile java.time.Duration latency = java.time.Duration.ZERO;
    private volatile Consumer<FakeCloudFormation> cloudFormationSetup = cf -> { };

    /**
     * @param clock the clock of credentials (session expiry); CloudFormation's operations run on real
     *              time so that the deploy's own polling (real sleeps, scaled schedule) sees them move
     */
    public FakeAwsClients(Clock clock) {
        this.clock = clock;
        this.sts = new FakeSts(clock);
        this.s3 = new FakeS3(sts);
    }

    public FakeSts sts() {
        return sts;
    }

    public FakeS3 s3() {
        return s3;
    }

    /** The CloudFormation of one account and region (created on first use). */
    public FakeCloudFormation cloudFormation(String account, String region) {
        return stacks.computeIfAbsent(account + "/" + region, k -> {
            FakeCloudFormation cf = new FakeCloudFormation(account, region, Clock.systemUTC());
            cf.templateUrlReader(this::readTemplateUrl);
            cloudFormationSetup.accept(cf);
            return cf;
        });
    }

    public FakeCloudFormation cloudFormation(Target t) {
        return cloudFormation(t.account(), t.region());
    }

    /** The CloudWatch Logs of one account and region (created on first use). */
    public FakeLogs logs(String account, String region) {
        return logs.computeIfAbsent(account + "/" + region, k -> new FakeLogs(region));
    }

    /** The DynamoDB of one account and region (created on first use). */
    public FakeDynamoDb dynamoDb(String account, String region) {
        return tables.computeIfAbsent(account + "/" + region, k -> new FakeDynamoDb(region));
    }

    /** Applied to every CloudFormation of the world, now and when created later (timing, latency). */
    public synchronized FakeAwsClients everyCloudFormation(Consumer<FakeCloudFormation> setup) {
        Consumer<FakeCloudFormation> previous = cloudFormationSetup;
        cloudFormationSetup = previous.andThen(setup);
        stacks.values().forEach(setup);
        return this;
    }

    /** Every call to every service takes this long (a network round trip), for the benchmark. */
    public FakeAwsClients latency(java.time.Duration d) {
        this.latency = d;
        return everyCloudFormation(cf -> cf.timing(new FakeCloudFormation.Timing(cf.timing().changeSetCompute(), cf.timing().resourceStep(), d)));
    }

    public List<FakeCloudFormation> allCloudFormation() {
        return List.copyOf(stacks.values());
    }

    /** What the SDK's default chain resolves to: a human user in {@code account} who may assume deployer roles. */
    public AwsCredentials signInAs(String userArn) {
        AwsCredentials c = sts.addUser(userArn);
        defaultChain = StaticCredentialsProvider.create(c);
        return c;
    }

    public FakeAwsClients defaultCredentials(AwsCredentialsProvider provider) {
        this.defaultChain = provider;
        return this;
    }

    public FakeAwsClients profile(String name, AwsCredentialsProvider provider) {
        profiles.put(name, provider);
        return this;
    }

    /**
     * What {@code pipeline bootstrap} leaves in a target account: the deployer role trusting
     * {@code principals}, and the artifact bucket only the deployer role may use.
     */
    public FakeSts.Role bootstrap(Target t, String... principals) {
        FakeSts.Role role = sts.addRole(t.deployerRoleArn()).trust(principals);
        s3.createBucket(t.artifactBucket(), t.account(), t.region()).allowOnly(t.deployerRoleArn());
        return role;
    }

    /** How many clients were built or credentials asked for: zero means nothing touched AWS. */
    public int touches() {
        return touched.get();
    }

    /** Each client built, as {@code service region endpoint} (endpoint {@code null}: AWS itself). */
    public synchronized List<String> built() {
        return List.copyOf(built);
    }

    public int cloudFormationCalls() {
        return stacks.values().stream().mapToInt(FakeCloudFormation::totalCalls).sum();
    }

    // ---------------------------------------------------------------- AwsClients

    @Override
    public AwsCredentialsProvider baseCredentials(String profile) {
        touched.incrementAndGet();
        if (profile == null) {
            if (defaultChain == null) {
                throw software.amazon.awssdk.core.exception.SdkClientException.create(
                        "Unable to load credentials from any of the providers in the chain AwsCredentialsProviderChain");
            }
            return defaultChain;
        }
        AwsCredentialsProvider p = profiles.get(profile);
        if (p == null) {
            throw software.amazon.awssdk.core.exception.SdkClientException.create("Profile file contained no credentials for profile '" + profile + "'");
        }
        return p;
    }

    @Override
    public StsClient sts(String region, AwsCredentialsProvider credentials, URI endpoint) {
        record("sts", region, endpoint);
        return SdkRetryForFakes.wrap(StsClient.class, delayed(StsClient.class, sts.client(credentials, region)), retry, region);
    }

    @Override
    public S3Client s3(String region, AwsCredentialsProvider credentials, URI endpoint) {
        record("s3", region, endpoint);
        return SdkRetryForFakes.wrap(S3Client.class, delayed(S3Client.class, s3.client(credentials, region)), retry, region);
    }

    @Override
    public CloudFormationClient cloudFormation(String region, AwsCredentialsProvider credentials, URI endpoint) {
        record("cloudformation", region, endpoint);
        CloudFormationClient routed = (CloudFormationClient) Proxy.newProxyInstance(CloudFormationClient.class.getClassLoader(),
                new Class<?>[] {CloudFormationClient.class}, (proxy, method, args) -> {
                    if (method.getParameterCount() == 0) {
                        return method.getName().equals("serviceName") ? CloudFormationClient.SERVICE_NAME : null;
                    }
                    FakeCloudFormation target = route(region, credentials);
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return SdkRetryForFakes.wrap(CloudFormationClient.class, routed, retry, region);
    }

    @Override
    public software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient logs(String region, AwsCredentialsProvider credentials, URI endpoint) {
        record("logs", region, endpoint);
        return routed(software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient.class, credentials, a -> logs(a, region), region);
    }

    @Override
    public software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb(String region, AwsCredentialsProvider credentials, URI endpoint) {
        record("dynamodb", region, endpoint);
        return routed(software.amazon.awssdk.services.dynamodb.DynamoDbClient.class, credentials, a -> dynamoDb(a, region), region);
    }

    /** A client whose every call goes to the service of the account the credentials belong to, as with CloudFormation. */
    private <T extends software.amazon.awssdk.core.SdkClient> T routed(Class<T> type, AwsCredentialsProvider credentials,
                                                                         java.util.function.Function<String, T> byAccount, String region) {
        @SuppressWarnings("unchecked")
        T client = (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getParameterCount() == 0) {
                return method.getName().equals("close") ? null : method.invoke(byAccount.apply("000000000000"));
            }
            AwsCredentials c = credentials.resolveCredentials();
            FakeSts.Caller caller = sts.caller(c);
            if (caller.status() != FakeSts.CallerStatus.VALID) {
                throw FakeCloudFormation.error(caller.status() == FakeSts.CallerStatus.EXPIRED ? "ExpiredToken" : "UnrecognizedClientException",
                        400, "The security token included in the request is " + (caller.status() == FakeSts.CallerStatus.EXPIRED ? "expired" : "invalid."));
            }
            try {
                return method.invoke(byAccount.apply(caller.account()), args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
        return SdkRetryForFakes.wrap(type, client, retry, region);
    }

    /** {@code client} with {@link #latency} added to each operation, as a network round trip would. */
    @SuppressWarnings("unchecked")
    private <T> T delayed(Class<T> type, T client) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            java.time.Duration d = latency;
            if (method.getParameterCount() > 0 && !d.isZero()) {
                Thread.sleep(d.toMillis());
            }
            try {
                return method.invoke(client, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    /** The CloudFormation the signer's account sees in this region; AWS's errors for bad credentials. */
    private FakeCloudFormation route(String region, AwsCredentialsProvider credentials) {
        AwsCredentials c = credentials.resolveCredentials();
        FakeSts.Caller caller = sts.caller(c);
        return switch (caller.status()) {
            case INVALID -> throw FakeCloudFormation.error("InvalidClientTokenId", 403, "The security token included in the request is invalid.");
            case EXPIRED -> throw FakeCloudFormation.error("ExpiredToken", 400, "The security token included in the request is expired");
            case VALID -> cloudFormation(caller.account(), region);
        };
    }

    private synchronized void record(String service, String region, URI endpoint) {
        touched.incrementAndGet();
        built.add(service + " " + region + " " + endpoint);
    }

    private String readTemplateUrl(String url) {
        // https://BUCKET.s3.REGION.amazonaws.com/KEY or ENDPOINT/BUCKET/KEY
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("https://([^.]+)\\.s3\\.[^/]+/(.+)").matcher(url);
        String bucket;
        String key;
        if (m.matches()) {
            bucket = m.group(1);
            key = m.group(2);
        } else {
            String path = URI.create(url).getPath().replaceFirst("^/", "");
            int slash = path.indexOf('/');
            if (slash < 0) {
                return null;
            }
            bucket = path.substring(0, slash);
            key = path.substring(slash + 1);
        }
        return s3.object(bucket, key).map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8)).orElse(null);
    }

    public Clock clock() {
        return clock;
    }
}
