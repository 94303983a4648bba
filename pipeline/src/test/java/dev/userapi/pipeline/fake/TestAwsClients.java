package dev.userapi.pipeline.fake;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import dev.userapi.pipeline.aws.AwsClients;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@link AwsClients} over {@link FakeSts} and {@link FakeS3}, for the auth and packaging tests.
 * It has no CloudFormation; the deploy tests use the fuller {@code FakeAwsClients}.
 */
public final class TestAwsClients implements AwsClients {
    private final FakeSts sts;
    private final FakeS3 s3;
    private final Map<String, AwsCredentialsProvider> profiles = new HashMap<>();
    private final List<String> built = new ArrayList<>();
    private AwsCredentialsProvider defaultChain;

    public TestAwsClients(FakeSts sts, FakeS3 s3) {
        this.sts = sts;
        this.s3 = s3;
    }

    /** What the SDK's default chain resolves to. */
    public TestAwsClients defaultCredentials(AwsCredentialsProvider provider) {
        this.defaultChain = provider;
        return this;
    }

    public TestAwsClients profile(String name, AwsCredentialsProvider provider) {
        profiles.put(name, provider);
        return this;
    }

    /** Each client built, as {@code service region endpoint}. */
    public synchronized List<String> built() {
        return List.copyOf(built);
    }

    @Override
    public AwsCredentialsProvider baseCredentials(String profile) {
        if (profile == null) {
            return defaultChain;
        }
        AwsCredentialsProvider p = profiles.get(profile);
        if (p == null) {
            throw new IllegalArgumentException("no profile " + profile + " in this test");
        }
        return p;
    }

    @Override
    public synchronized StsClient sts(String region, AwsCredentialsProvider credentials, URI endpoint) {
        built.add("sts " + region + " " + endpoint);
        return sts.client(credentials, region);
    }

    @Override
    public CloudFormationClient cloudFormation(String region, AwsCredentialsProvider credentials, URI endpoint) {
        throw new UnsupportedOperationException("no CloudFormation here; the deploy tests use FakeAwsClients");
    }

    @Override
    public synchronized S3Client s3(String region, AwsCredentialsProvider credentials, URI endpoint) {
        built.add("s3 " + region + " " + endpoint);
        return s3.client(credentials, region);
    }
}
