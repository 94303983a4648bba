package dev.userapi.pipeline.fake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.AssumedRoleUser;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.ExpiredTokenException;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityRequest;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.GetSessionTokenRequest;
import software.amazon.awssdk.services.sts.model.GetSessionTokenResponse;
import software.amazon.awssdk.services.sts.model.RegionDisabledException;
import software.amazon.awssdk.services.sts.model.StsException;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * An in-memory STS with state: identities (IAM users and role sessions by access key id), roles
 * with trust policies, MFA devices, and a clock that decides when sessions expire.
 *
 * <p>One {@code FakeSts} is the world; {@link #client(AwsCredentialsProvider, String)} gives a client
 * bound to a caller's credentials and region, as the SDK's client is. Each call resolves the
 * credentials from the provider first, as the SDK's signer does, so an auto-refreshing provider is
 * exercised for real. Errors carry STS's codes, statuses and messages, built the way the SDK
 * unmarshals them.
 *
 * <p>Time: issued expirations come from the clock. The SDK's refreshing provider judges staleness
 * by the real clock, so a test that wants the provider to renew a session moves this clock back
 * before the session is issued (the session then looks nearly over to the SDK) and forward after.
 */
public final class FakeSts implements StsClient {
    /** {@code [\w+=,.@-]*}, STS's pattern for RoleSessionName and SourceIdentity. */
    private static final Pattern STS_NAME = Pattern.compile("[\\w+=,.@-]*");
    private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+");
    private static final Pattern TAG_VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:([\\w-]+):iam::(\\d{12}):role/(?:.*/)?([\\w+=,.@-]+)");
    private static final Pattern SESSION_ARN = Pattern.compile("arn:([\\w-]+):sts::(\\d{12}):assumed-role/([^/]+)/(.+)");
    private static final Pattern USER_ARN = Pattern.compile("arn:([\\w-]+):iam::(\\d{12}):user/(?:.*/)?([\\w+=,.@-]+)");

    private final World world;
    private final Signing signing;

    public FakeSts(Clock clock) {
        this(new World(clock), Signing.NONE);
    }

    private FakeSts(World world, Signing signing) {
        this.world = world;
        this.signing = signing;
    }

    /** A client of this STS that signs with {@code credentials} in {@code region}. */
    public FakeSts client(AwsCredentialsProvider credentials, String region) {
        return new FakeSts(world, new Signing(credentials, region));
    }

    // ---- setting up the world ------------------------------------------------------------------

    /** An IAM user with long-term keys (no expiry). */
    public AwsCredentials addUser(String userArn) {
        Matcher m = USER_ARN.matcher(userArn);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a user ARN: " + userArn);
        }
        synchronized (world) {
            String key = world.accessKeyId("AKIA");
            AwsBasicCredentials c = AwsBasicCredentials.create(key, world.secret());
            world.identities.put(key, new Identity(userArn, m.group(2), "AIDA" + key.substring(4), c.secretAccessKey(),
                    null, null, null, false));
            return c;
        }
    }

    /**
     * A role session the caller already holds (an SSO login, or the CI role from GitHub OIDC):
     * AssumeRole from it is role chaining, capped at one hour.
     */
    public AwsSessionCredentials addSession(String assumedRoleArn, Duration lifetime) {
        Matcher m = SESSION_ARN.matcher(assumedRoleArn);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an assumed-role ARN: " + assumedRoleArn);
        }
        synchronized (world) {
            return world.issue(assumedRoleArn, m.group(2), world.clock.instant().plus(lifetime), null);
        }
    }

    /** A role in its account; nobody is trusted until {@link Role#trust} says so. */
    public Role addRole(String roleArn) {
        Matcher m = ROLE_ARN.matcher(roleArn);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a role ARN: " + roleArn);
        }
        synchronized (world) {
            Role r = new Role(roleArn, m.group(1), m.group(2), m.group(3));
            world.roles.put(roleArn, r);
            return r;
        }
    }

    /** An MFA device and the code it currently shows (accepted once, as STS does). */
    public void addMfaDevice(String serialNumber, String currentCode) {
        synchronized (world) {
            world.mfaCodes.put(serialNumber, currentCode);
        }
    }

    /** The device shows its next code (the previous one is spent or has expired). */
    public void nextMfaCode(String serialNumber, String code) {
        addMfaDevice(serialNumber, code);
    }

    /** STS is not activated in {@code region} (every call there fails with RegionDisabledException). */
    public void disableRegion(String disabled) {
        synchronized (world) {
            world.disabledRegions.add(disabled);
        }
    }

    public Clock clock() {
        return world.clock;
    }

    // ---- what tests assert on ------------------------------------------------------------------

    /** Every AssumeRole request received (valid or not), in order. */
    public List<AssumeRoleRequest> assumeRoleRequests() {
        synchronized (world) {
            return List.copyOf(world.assumeRoleRequests);
        }
    }

    /** How many times {@code operation} ("AssumeRole", "GetCallerIdentity") was called. */
    public int calls(String operation) {
        synchronized (world) {
            return world.calls.getOrDefault(operation, 0);
        }
    }

    /** Who a set of credentials is, as any AWS service would see it; for the other fakes. */
    public Caller caller(AwsCredentials c) {
        synchronized (world) {
            Identity id = world.identities.get(c.accessKeyId());
            if (id == null || !id.secret.equals(c.secretAccessKey())
                    || (id.sessionToken != null && !(c instanceof AwsSessionCredentials s && id.sessionToken.equals(s.sessionToken())))) {
                return new Caller(null, null, null, CallerStatus.INVALID);
            }
            if (id.expiration != null && !world.clock.instant().isBefore(id.expiration)) {
                return new Caller(id.arn, id.account, id.sourceIdentity, CallerStatus.EXPIRED);
            }
            return new Caller(id.arn, id.account, id.sourceIdentity, CallerStatus.VALID);
        }
    }

    /** The identity behind credentials; {@code arn} is a user or assumed-role ARN. */
    public record Caller(String arn, String account, String sourceIdentity, CallerStatus status) {
        /** The role an assumed-role session belongs to ({@code arn:aws:iam::ACCT:role/NAME}, path lost as in AWS), else the ARN. */
        public String principalArn() {
            Matcher m = arn == null ? null : SESSION_ARN.matcher(arn);
            return m != null && m.matches() ? "arn:" + m.group(1) + ":iam::" + m.group(2) + ":role/" + m.group(3) : arn;
        }
    }

    public enum CallerStatus { VALID, EXPIRED, INVALID }

    /** A role and its trust policy, reduced to what AssumeRole checks. */
    public static final class Role {
        private final String arn;
        private final String partition;
        private final String account;
        private final String name;
        private final Set<String> trusted = new LinkedHashSet<>();
        private boolean requireMfa;
        private boolean allowSetSourceIdentity = true;
        private boolean allowTagSession = true;
        private Duration maxSessionDuration = Duration.ofHours(1);
        private String sessionsReportAccount;

        Role(String arn, String partition, String account, String name) {
            this.arn = arn;
            this.partition = partition;
            this.account = account;
            this.name = name;
        }

        /**
         * Principals allowed to assume it: a user ARN, a role ARN (any session of that role),
         * an assumed-role session ARN, or {@code arn:aws:iam::ACCT:root} (anyone in that account).
         */
        public synchronized Role trust(String... principals) {
            trusted.addAll(List.of(principals));
            return this;
        }

        /** The trust policy has {@code aws:MultiFactorAuthPresent: true}. */
        public synchronized Role requireMfa() {
            requireMfa = true;
            return this;
        }

        /** The trust policy lacks {@code sts:SetSourceIdentity}. */
        public synchronized Role denySetSourceIdentity() {
            allowSetSourceIdentity = false;
            return this;
        }

        /** The trust policy lacks {@code sts:TagSession}. */
        public synchronized Role denyTagSession() {
            allowTagSession = false;
            return this;
        }

        public synchronized Role maxSessionDuration(Duration d) {
            maxSessionDuration = d;
            return this;
        }

        /**
         * Sessions of this role identify as {@code otherAccount} in GetCallerIdentity, as an
         * AWS-compatible endpoint with its own fixed account does (LocalStack answers 000000000000).
         */
        public synchronized Role sessionsReportAccount(String otherAccount) {
            sessionsReportAccount = otherAccount;
            return this;
        }

        synchronized boolean trusts(String callerArn, String callerAccount) {
            for (String t : trusted) {
                if (t.equals(callerArn) || t.endsWith(":iam::" + callerAccount + ":root")) {
                    return true;
                }
                Matcher role = ROLE_ARN.matcher(t);
                Matcher session = SESSION_ARN.matcher(callerArn);
                if (role.matches() && session.matches() && role.group(2).equals(session.group(2))
                        && role.group(3).equals(session.group(3))) {
                    return true;
                }
            }
            return false;
        }
    }

    // ---- StsClient -----------------------------------------------------------------------------

    @Override
    public AssumeRoleResponse assumeRole(AssumeRoleRequest request) {
        AwsCredentials signer = signing.resolve("FakeSts");
        synchronized (world) {
            world.count("AssumeRole");
            world.assumeRoleRequests.add(request);
            checkRegion();
            Identity caller = authenticate(signer);

            List<String> invalid = new ArrayList<>();
            validateName(invalid, "roleSessionName", request.roleSessionName(), true);
            validateName(invalid, "sourceIdentity", request.sourceIdentity(), false);
            if (request.roleArn() == null || request.roleArn().length() < 20) {
                invalid.add(violation(request.roleArn(), "roleArn", "Member must have length greater than or equal to 20"));
            }
            Integer duration = request.durationSeconds();
            if (duration != null && duration < 900) {
                invalid.add(violation(duration, "durationSeconds", "Member must have value greater than or equal to 900"));
            }
            if (duration != null && duration > 43200) {
                invalid.add(violation(duration, "durationSeconds", "Member must have value less than or equal to 43200"));
            }
            for (int i = 0; i < request.tags().size(); i++) {
                Tag t = request.tags().get(i);
                String at = "tags." + (i + 1) + ".member.";
                if (t.key() == null || t.key().length() > 128 || !TAG_KEY.matcher(t.key()).matches()) {
                    invalid.add(violation(t.key(), at + "key", "Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+"));
                }
                if (t.value() == null || t.value().length() > 256 || !TAG_VALUE.matcher(t.value()).matches()) {
                    invalid.add(violation(t.value(), at + "value", "Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*"));
                }
            }
            if (request.tags().size() > 50) {
                invalid.add(violation(request.tags().size(), "tags", "Member must have length less than or equal to 50"));
            }
            if (!invalid.isEmpty()) {
                throw error("ValidationError", 400, invalid.size() + " validation error" + (invalid.size() > 1 ? "s" : "")
                        + " detected: " + String.join("; ", invalid));
            }

            // STS does not say whether a role exists: a missing role and an untrusting one look the same.
            Role role = world.roles.get(request.roleArn());
            String denied = "User: " + caller.arn + " is not authorized to perform: sts:AssumeRole on resource: " + request.roleArn();
            if (role == null || !role.trusts(caller.arn, caller.account)) {
                throw error("AccessDenied", 403, denied);
            }
            if (request.serialNumber() != null && request.tokenCode() != null) {
                // Given MFA is checked (and the code spent) whether or not the role asks for it.
                useCode(request.serialNumber(), request.tokenCode());
            } else if (role.requireMfa && !world.mfaSessions.contains(signer.accessKeyId())) {
                // aws:MultiFactorAuthPresent: the code given now, or a session GetSessionToken made with one.
                throw error("AccessDenied", 403, denied);
            }
            if (request.sourceIdentity() != null && !role.allowSetSourceIdentity) {
                throw error("AccessDenied", 403, "User: " + caller.arn
                        + " is not authorized to perform: sts:SetSourceIdentity on resource: " + request.roleArn());
            }
            if (!request.tags().isEmpty() && !role.allowTagSession) {
                throw error("AccessDenied", 403, "User: " + caller.arn
                        + " is not authorized to perform: sts:TagSession on resource: " + request.roleArn());
            }
            int seconds = duration == null ? 3600 : duration;
            if (caller.chained && seconds > 3600) {
                throw error("ValidationError", 400,
                        "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
            }
            if (seconds > role.maxSessionDuration.toSeconds()) {
                throw error("ValidationError", 400, "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
            }

            String sessionArn = "arn:" + role.partition + ":sts::" + role.account + ":assumed-role/" + role.name + "/"
                    + request.roleSessionName();
            Instant expiration = world.clock.instant().plusSeconds(seconds);
            // A source identity set earlier in a chain stays; a new one may be set only where none is.
            String sourceIdentity = caller.sourceIdentity != null ? caller.sourceIdentity : request.sourceIdentity();
            String reportedAccount = role.sessionsReportAccount != null ? role.sessionsReportAccount : role.account;
            AwsSessionCredentials issued = world.issue(sessionArn, reportedAccount, expiration, sourceIdentity);
            world.identities.get(issued.accessKeyId()).tags.putAll(tagMap(request.tags()));
            return AssumeRoleResponse.builder()
                    .credentials(Credentials.builder()
                            .accessKeyId(issued.accessKeyId())
                            .secretAccessKey(issued.secretAccessKey())
                            .sessionToken(issued.sessionToken())
                            .expiration(expiration)
                            .build())
                    .assumedRoleUser(AssumedRoleUser.builder()
                            .arn(sessionArn)
                            .assumedRoleId("AROA" + Math.abs(role.arn.hashCode()) + ":" + request.roleSessionName())
                            .build())
                    .sourceIdentity(sourceIdentity)
                    .packedPolicySize(request.tags().isEmpty() ? null : 5)
                    .build();
        }
    }

    /**
     * GetSessionToken as AWS documents it: only long-term keys (an IAM user's) may call it; with a serial
     * number and code the session counts as MFA-authenticated for what it does next (AssumeRole into a
     * role whose trust requires MFA). Its caller identity is the user itself; 12 hours by default.
     */
    @Override
    public GetSessionTokenResponse getSessionToken(GetSessionTokenRequest request) {
        AwsCredentials signer = signing.resolve("FakeSts");
        synchronized (world) {
            world.count("GetSessionToken");
            checkRegion();
            Identity caller = authenticate(signer);
            if (caller.sessionToken() != null) {
                throw error("AccessDenied", 403, "Cannot call GetSessionToken with session credentials");
            }
            boolean mfa = request.serialNumber() != null && request.tokenCode() != null;
            if (mfa) {
                useCode(request.serialNumber(), request.tokenCode());
            }
            int seconds = request.durationSeconds() == null ? 43200 : request.durationSeconds();
            if (seconds < 900 || seconds > 129600) {
                throw error("ValidationError", 400, violation(seconds, "durationSeconds", "Member must have value between 900 and 129600"));
            }
            Instant expiration = world.clock.instant().plusSeconds(seconds);
            AwsSessionCredentials issued = world.issue(caller.arn(), caller.account(), expiration, null);
            Identity session = world.identities.get(issued.accessKeyId());
            // Not a role session: what it assumes is not role chaining.
            world.identities.put(issued.accessKeyId(), new Identity(caller.arn(), caller.account(), caller.userId(), session.secret(),
                    session.sessionToken(), expiration, null, false));
            if (mfa) {
                world.mfaSessions.add(issued.accessKeyId());
            }
            return GetSessionTokenResponse.builder().credentials(Credentials.builder()
                    .accessKeyId(issued.accessKeyId()).secretAccessKey(issued.secretAccessKey()).sessionToken(issued.sessionToken())
                    .expiration(expiration).build()).build();
        }
    }

    /** A TOTP code is accepted once: STS refuses the same code for the same device a second time. */
    private void useCode(String serial, String code) {
        String expected = world.mfaCodes.get(serial);
        if (expected == null || !expected.equals(code) || !world.usedCodes.add(serial + ":" + code)) {
            throw error("AccessDenied", 403, "MultiFactorAuthentication failed with invalid MFA one time pass code. ");
        }
    }

    @Override
    public GetCallerIdentityResponse getCallerIdentity(GetCallerIdentityRequest request) {
        AwsCredentials signer = signing.resolve("FakeSts");
        synchronized (world) {
            world.count("GetCallerIdentity");
            checkRegion();
            Identity id = authenticate(signer);
            return GetCallerIdentityResponse.builder().account(id.account).arn(id.arn).userId(id.userId).build();
        }
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
        // Nothing to release; the world outlives its clients, as AWS does.
    }

    // ---- internals -----------------------------------------------------------------------------

    private Identity authenticate(AwsCredentials c) {
        Caller caller = caller(c);
        return switch (caller.status()) {
            case INVALID -> throw error("InvalidClientTokenId", 403, "The security token included in the request is invalid.");
            case EXPIRED -> throw error("ExpiredToken", 400, "The security token included in the request is expired");
            case VALID -> world.identities.get(c.accessKeyId());
        };
    }

    private void checkRegion() {
        if (world.disabledRegions.contains(signing.region())) {
            throw error("RegionDisabledException", 403, "STS is not activated in this region for account:"
                    + " Your account administrator can activate STS in this region using the IAM Console.");
        }
    }

    private static void validateName(List<String> invalid, String field, String value, boolean required) {
        if (value == null) {
            if (required) {
                invalid.add("Value null at '" + field + "' failed to satisfy constraint: Member must not be null");
            }
            return;
        }
        if (!STS_NAME.matcher(value).matches()) {
            invalid.add(violation(value, field, "Member must satisfy regular expression pattern: [\\w+=,.@-]*"));
        }
        if (value.length() < 2) {
            invalid.add(violation(value, field, "Member must have length greater than or equal to 2"));
        }
        if (value.length() > 64) {
            invalid.add(violation(value, field, "Member must have length less than or equal to 64"));
        }
    }

    private static String violation(Object value, String field, String constraint) {
        return "Value '" + value + "' at '" + field + "' failed to satisfy constraint: " + constraint;
    }

    private static Map<String, String> tagMap(List<Tag> tags) {
        Map<String, String> m = new HashMap<>();
        tags.forEach(t -> m.put(t.key(), t.value()));
        return m;
    }

    /** An STS error as the SDK unmarshals it: modeled codes get their own exception class. */
    public static StsException error(String code, int status, String message) {
        AwsErrorDetails details = AwsErrorDetails.builder()
                .errorCode(code)
                .errorMessage(message)
                .serviceName("Sts")
                .sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build())
                .build();
        String requestId = UUID.randomUUID().toString();
        return (StsException) switch (code) {
            case "ExpiredTokenException" -> ExpiredTokenException.builder()
                    .awsErrorDetails(details).statusCode(status).requestId(requestId).message(message).build();
            case "RegionDisabledException" -> RegionDisabledException.builder()
                    .awsErrorDetails(details).statusCode(status).requestId(requestId).message(message).build();
            default -> StsException.builder()
                    .awsErrorDetails(details).statusCode(status).requestId(requestId).message(message).build();
        };
    }

    private record Identity(String arn, String account, String userId, String secret, String sessionToken,
                            Instant expiration, String sourceIdentity, boolean chained, Map<String, String> tags) {
        Identity(String arn, String account, String userId, String secret, String sessionToken, Instant expiration,
                 String sourceIdentity, boolean chained) {
            this(arn, account, userId, secret, sessionToken, expiration, sourceIdentity, chained, new HashMap<>());
        }
    }

    private static final class World {
        final Clock clock;
        final Map<String, Identity> identities = new HashMap<>();
        final Map<String, Role> roles = new HashMap<>();
        final Map<String, String> mfaCodes = new HashMap<>();
        final Set<String> usedCodes = new java.util.HashSet<>();
        final Set<String> mfaSessions = new java.util.HashSet<>();
        final Set<String> disabledRegions = new LinkedHashSet<>();
        final List<AssumeRoleRequest> assumeRoleRequests = new ArrayList<>();
        final Map<String, Integer> calls = new HashMap<>();
        final AtomicLong serial = new AtomicLong();

        World(Clock clock) {
            this.clock = clock;
        }

        void count(String operation) {
            calls.merge(operation, 1, Integer::sum);
        }

        String accessKeyId(String prefix) {
            return prefix + String.format("%016d", serial.incrementAndGet());
        }

        String secret() {
            return UUID.randomUUID().toString().replace("-", "") + "SECRET00";
        }

        /** Session credentials for {@code arn}. */
        AwsSessionCredentials issue(String arn, String account, Instant expiration, String sourceIdentity) {
            String key = accessKeyId("ASIA");
            String token = "FwoGZXIvYXdzE" + UUID.randomUUID().toString().replace("-", "");
            AwsSessionCredentials c = AwsSessionCredentials.builder()
                    .accessKeyId(key).secretAccessKey(secret()).sessionToken(token).expirationTime(expiration).build();
            Matcher m = SESSION_ARN.matcher(arn);
            String userId = "AROA" + (m.matches() ? Math.abs(m.group(3).hashCode()) + ":" + m.group(4) : key);
            // Any role session (SSO, CI, or ours) assuming a role again is role chaining.
            identities.put(key, new Identity(arn, account, userId, c.secretAccessKey(), token, expiration, sourceIdentity, true));
            return c;
        }
    }
}
