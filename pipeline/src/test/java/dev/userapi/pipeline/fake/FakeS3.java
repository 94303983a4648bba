package dev.userapi.pipeline.fake;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An in-memory S3 with buckets owned by accounts, objects with their SHA-256 checksums, and access
 * decided by who the caller is (through {@link FakeSts}). Errors are what the SDK surfaces: a HEAD
 * error has no body, so its exception has a status code but no error code or message (404 becomes
 * {@link NoSuchKeyException}, whether the key or the whole bucket is missing); GET and PUT errors
 * carry S3's codes and messages.
 */
public final class FakeS3 implements S3Client {
    private final Store store;
    private final Signing signing;

    public FakeS3(FakeSts sts) {
        this(new Store(sts), Signing.NONE);
    }

    private FakeS3(Store store, Signing signing) {
        this.store = store;
        this.signing = signing;
    }

    /** A client of this S3 that signs with {@code credentials}, for {@code region}. */
    public FakeS3 client(AwsCredentialsProvider credentials, String region) {
        return new FakeS3(store, new Signing(credentials, region));
    }

    // ---- setting up ----------------------------------------------------------------------------

    /** A bucket in {@code account}/{@code region}; any principal of that account may use it until {@link Bucket#allowOnly}. */
    public Bucket createBucket(String name, String account, String bucketRegion) {
        synchronized (store) {
            Bucket b = new Bucket(name, account, bucketRegion);
            store.buckets.put(name, b);
            return b;
        }
    }

    /** The bytes stored under {@code key}, if any. */
    public Optional<byte[]> object(String bucket, String key) {
        synchronized (store) {
            Bucket b = store.buckets.get(bucket);
            StoredObject o = b == null ? null : b.objects.get(key);
            return o == null ? Optional.empty() : Optional.of(o.bytes.clone());
        }
    }

    /** Every key in {@code bucket}, in the order they were first written. */
    public java.util.List<String> keys(String bucket) {
        synchronized (store) {
            Bucket b = store.buckets.get(bucket);
            return b == null ? java.util.List.of() : java.util.List.copyOf(b.objects.keySet());
        }
    }

    /** Puts an object directly, as another tool or an earlier deploy would have; no checksum stored unless given. */
    public void seed(String bucket, String key, byte[] bytes, String checksumSha256) {
        synchronized (store) {
            store.buckets.get(bucket).objects.put(key, new StoredObject(bytes.clone(), "application/octet-stream",
                    checksumSha256, store.sts.clock().instant()));
        }
    }

    /** How many times {@code operation} ("HeadObject", "PutObject", "GetObject") was called. */
    public int calls(String operation) {
        synchronized (store) {
            return store.calls.getOrDefault(operation, 0);
        }
    }

    /** Every request in order, as {@code Operation bucket/key}. */
    public List<String> requests() {
        synchronized (store) {
            return List.copyOf(store.log);
        }
    }

    public static final class Bucket {
        private final String name;
        private final String account;
        private final String region;
        private final Set<String> allowed = new LinkedHashSet<>();
        private final Map<String, StoredObject> objects = new LinkedHashMap<>();

        Bucket(String name, String account, String region) {
            this.name = name;
            this.account = account;
            this.region = region;
        }

        /** Only these principals (role ARNs or user ARNs of the owner account) may read and write. */
        public synchronized Bucket allowOnly(String... principalArns) {
            allowed.clear();
            allowed.addAll(List.of(principalArns));
            return this;
        }

        synchronized boolean permits(FakeSts.Caller caller) {
            return account.equals(caller.account()) && (allowed.isEmpty() || allowed.contains(caller.principalArn()));
        }
    }

    private record StoredObject(byte[] bytes, String contentType, String checksumSha256, Instant lastModified) {
        String eTag() {
            try {
                return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes)) + "\"";
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    // ---- S3Client ------------------------------------------------------------------------------

    @Override
    public HeadObjectResponse headObject(HeadObjectRequest request) {
        AwsCredentials signer = signing.resolve("FakeS3");
        synchronized (store) {
            store.record("HeadObject", request.bucket(), request.key());
            // HEAD responses have no body: the SDK can only tell the status.
            Bucket b = access(signer, request.bucket(), true, "s3:GetObject", request.key());
            StoredObject o = b.objects.get(request.key());
            if (o == null) {
                throw headError(404);
            }
            HeadObjectResponse.Builder r = HeadObjectResponse.builder()
                    .contentLength((long) o.bytes.length)
                    .contentType(o.contentType)
                    .eTag(o.eTag())
                    .lastModified(o.lastModified);
            if (request.checksumMode() == ChecksumMode.ENABLED && o.checksumSha256 != null) {
                r.checksumSHA256(o.checksumSha256);
            }
            return r.build();
        }
    }

    @Override
    public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
        AwsCredentials signer = signing.resolve("FakeS3");
        byte[] bytes = read(body);
        synchronized (store) {
            store.record("PutObject", request.bucket(), request.key());
            Bucket b = access(signer, request.bucket(), false, "s3:PutObject", request.key());
            String actual = Base64.getEncoder().encodeToString(sha256(bytes));
            if (request.checksumSHA256() != null && !request.checksumSHA256().equals(actual)) {
                throw error("BadDigest", 400, "The SHA256 you specified did not match the calculated checksum.");
            }
            if (request.contentLength() != null && request.contentLength() != bytes.length) {
                throw error("IncompleteBody", 400, "You did not provide the number of bytes specified by the Content-Length HTTP header.");
            }
            StoredObject o = new StoredObject(bytes, request.contentType() == null ? "binary/octet-stream" : request.contentType(),
                    request.checksumSHA256(), store.sts.clock().instant());
            b.objects.put(request.key(), o);
            return PutObjectResponse.builder().eTag(o.eTag()).checksumSHA256(o.checksumSha256).build();
        }
    }

    @Override
    public <ReturnT> ReturnT getObject(GetObjectRequest request, ResponseTransformer<GetObjectResponse, ReturnT> transformer) {
        AwsCredentials signer = signing.resolve("FakeS3");
        StoredObject o;
        GetObjectResponse response;
        synchronized (store) {
            store.record("GetObject", request.bucket(), request.key());
            Bucket b = access(signer, request.bucket(), false, "s3:GetObject", request.key());
            o = b.objects.get(request.key());
            if (o == null) {
                throw noSuchKey();
            }
            GetObjectResponse.Builder r = GetObjectResponse.builder()
                    .contentLength((long) o.bytes.length)
                    .contentType(o.contentType)
                    .eTag(o.eTag())
                    .lastModified(o.lastModified);
            if (request.checksumMode() == ChecksumMode.ENABLED && o.checksumSha256 != null) {
                r.checksumSHA256(o.checksumSha256);
            }
            response = r.build();
        }
        try {
            return transformer.transform(response, AbortableInputStream.create(new ByteArrayInputStream(o.bytes)));
        } catch (Exception e) {
            throw SdkClientException.create("transforming the response failed", e);
        }
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
        // The store outlives its clients.
    }

    // ---- internals -----------------------------------------------------------------------------

    /** Authentication, bucket existence, region and permission, in the order S3 answers them. */
    private Bucket access(AwsCredentials signer, String bucket, boolean head, String action, String key) {
        FakeSts.Caller caller = store.sts.caller(signer);
        switch (caller.status()) {
            case INVALID -> throw head ? headError(403)
                    : error("InvalidAccessKeyId", 403, "The AWS Access Key Id you provided does not exist in our records.");
            case EXPIRED -> throw head ? headError(400) : error("ExpiredToken", 400, "The provided token has expired.");
            case VALID -> {
            }
        }
        Bucket b = store.buckets.get(bucket);
        if (b == null) {
            throw head ? headError(404) : noSuchBucket();
        }
        if (!b.region.equals(signing.region())) {
            throw head ? headError(301) : error("PermanentRedirect", 301, "The bucket you are attempting to access must be"
                    + " addressed using the specified endpoint. Please send all future requests to this endpoint.");
        }
        if (!b.permits(caller)) {
            throw head ? headError(403) : error("AccessDenied", 403, "User: " + caller.arn() + " is not authorized to perform: "
                    + action + " on resource: \"arn:aws:s3:::" + bucket + "/" + key + "\" because no identity-based policy allows the "
                    + action + " action");
        }
        return b;
    }

    private static byte[] read(RequestBody body) {
        try (InputStream in = body.contentStreamProvider().newStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AwsErrorDetails details(String code, String message, int status) {
        return AwsErrorDetails.builder()
                .errorCode(code)
                .errorMessage(message)
                .serviceName("S3")
                .sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build())
                .build();
    }

    /** A HEAD failure: no body, so no error code and no message; 404 maps to NoSuchKeyException by status. */
    static S3Exception headError(int status) {
        String requestId = requestId();
        if (status == 404) {
            return (S3Exception) NoSuchKeyException.builder().awsErrorDetails(details(null, null, status))
                    .statusCode(status).requestId(requestId).extendedRequestId(requestId).build();
        }
        return (S3Exception) S3Exception.builder().awsErrorDetails(details(null, null, status))
                .statusCode(status).requestId(requestId).extendedRequestId(requestId).build();
    }

    static S3Exception error(String code, int status, String message) {
        String requestId = requestId();
        return (S3Exception) S3Exception.builder().awsErrorDetails(details(code, message, status))
                .statusCode(status).requestId(requestId).extendedRequestId(requestId).message(message).build();
    }

    private static S3Exception noSuchKey() {
        String message = "The specified key does not exist.";
        return NoSuchKeyException.builder().awsErrorDetails(details("NoSuchKey", message, 404))
                .statusCode(404).requestId(requestId()).message(message).build();
    }

    private static S3Exception noSuchBucket() {
        String message = "The specified bucket does not exist";
        return NoSuchBucketException.builder().awsErrorDetails(details("NoSuchBucket", message, 404))
                .statusCode(404).requestId(requestId()).message(message).build();
    }

    private static String requestId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(java.util.Locale.ROOT);
    }

    private static final class Store {
        final FakeSts sts;
        final Map<String, Bucket> buckets = new HashMap<>();
        final Map<String, Integer> calls = new HashMap<>();
        final List<String> log = new ArrayList<>();

        Store(FakeSts sts) {
            this.sts = sts;
        }

        void record(String operation, String bucket, String key) {
            calls.merge(operation, 1, Integer::sum);
            log.add(operation + " " + bucket + "/" + key);
        }
    }
}
