package dev.userapi.pipeline.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userapi.pipeline.template.Intrinsics;
import dev.userapi.pipeline.template.Resource;
import dev.userapi.pipeline.template.Template;
import dev.userapi.pipeline.template.TemplateException;
import dev.userapi.pipeline.template.TemplateParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.*;
import software.amazon.awssdk.services.cloudformation.CloudFormationServiceClientConfiguration;
import software.amazon.awssdk.services.cloudformation.model.AlreadyExistsException;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Change;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetNotFoundException;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetSummary;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DeleteChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.DeleteChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DeleteStackRequest;
import software.amazon.awssdk.services.cloudformation.model.DeleteStackResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksResponse;
import software.amazon.awssdk.services.cloudformation.model.EvaluationType;
import software.amazon.awssdk.services.cloudformation.model.ExecuteChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.ExecuteChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.ExecutionStatus;
import software.amazon.awssdk.services.cloudformation.model.GetStackPolicyRequest;
import software.amazon.awssdk.services.cloudformation.model.GetStackPolicyResponse;
import software.amazon.awssdk.services.cloudformation.model.GetTemplateRequest;
import software.amazon.awssdk.services.cloudformation.model.GetTemplateResponse;
import software.amazon.awssdk.services.cloudformation.model.InsufficientCapabilitiesException;
import software.amazon.awssdk.services.cloudformation.model.InvalidChangeSetStatusException;
import software.amazon.awssdk.services.cloudformation.model.ListChangeSetsRequest;
import software.amazon.awssdk.services.cloudformation.model.ListChangeSetsResponse;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Replacement;
import software.amazon.awssdk.services.cloudformation.model.RequiresRecreation;
import software.amazon.awssdk.services.cloudformation.model.ResourceAttribute;
import software.amazon.awssdk.services.cloudformation.model.ResourceChange;
import software.amazon.awssdk.services.cloudformation.model.ResourceChangeDetail;
import software.amazon.awssdk.services.cloudformation.model.ResourceTargetDefinition;
import software.amazon.awssdk.services.cloudformation.model.SetStackPolicyRequest;
import software.amazon.awssdk.services.cloudformation.model.SetStackPolicyResponse;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.Tag;
import software.amazon.awssdk.services.cloudformation.model.UpdateTerminationProtectionRequest;
import software.amazon.awssdk.services.cloudformation.model.UpdateTerminationProtectionResponse;

/**
 * An in-memory CloudFormation for one account and region that keeps real state and follows the
 * documented behaviour: stacks move through their statuses over (real, scaled) time; change sets go
 * CREATE_PENDING → CREATE_IN_PROGRESS → CREATE_COMPLETE / FAILED and are computed by comparing
 * templates (Add / Modify / Remove by logical id, Replacement from a curated table of properties that
 * force a new resource, Dynamic references to replaced resources); events are newest first and
 * paginated, carry the ClientRequestToken, and follow failures through rollback; stack policies and
 * termination protection are enforced; errors use AWS's codes, HTTP statuses and messages.
 *
 * <p>Time: each operation is laid out as a timeline when it starts and becomes visible as the clock
 * passes each step, so a caller sees exactly what polling AWS would show. Failures, throttling bursts,
 * busy stacks and per-call latency can be injected; every call is counted.
 */
public final class FakeCloudFormation implements CloudFormationClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("[a-zA-Z][-a-zA-Z0-9]*");
    private static final String STACK_TYPE = "AWS::CloudFormation::Stack";

    /** Properties whose change replaces the resource (CloudFormation's "Update requires: Replacement"). */
    static final Map<String, Set<String>> REPLACING = Map.ofEntries(
            Map.entry("AWS::DynamoDB::Table", Set.of("TableName", "KeySchema", "LocalSecondaryIndexes")),
            Map.entry("AWS::S3::Bucket", Set.of("BucketName", "ObjectLockEnabled")),
            Map.entry("AWS::Lambda::Function", Set.of("FunctionName", "PackageType")),
            // Every property of a version is create-only: a changed Description publishes a new version.
            Map.entry("AWS::Lambda::Version", Set.of("FunctionName", "Description", "CodeSha256", "ProvisionedConcurrencyConfig", "RuntimePolicy")),
            Map.entry("AWS::Lambda::Alias", Set.of("Name", "FunctionName")),
            Map.entry("AWS::Lambda::Permission", Set.of("Action", "FunctionName", "Principal", "SourceArn", "SourceAccount", "EventSourceToken")),
            Map.entry("AWS::IAM::Role", Set.of("RoleName", "Path")),
            Map.entry("AWS::IAM::ManagedPolicy", Set.of("ManagedPolicyName", "Path")),
            Map.entry("AWS::Logs::LogGroup", Set.of("LogGroupName")),
            Map.entry("AWS::ApiGateway::Resource", Set.of("ParentId", "PathPart", "RestApiId")),
            Map.entry("AWS::ApiGateway::Method", Set.of("RestApiId", "ResourceId", "HttpMethod")),
            Map.entry("AWS::ApiGateway::Deployment", Set.of("RestApiId", "DeploymentCanarySettings")),
            Map.entry("AWS::ApiGateway::Stage", Set.of("RestApiId", "StageName")),
            Map.entry("AWS::RDS::DBInstance", Set.of("DBInstanceIdentifier", "DBName", "KmsKeyId", "StorageEncrypted", "Engine")),
            Map.entry("AWS::EFS::FileSystem", Set.of("Encrypted", "KmsKeyId", "PerformanceMode")),
            Map.entry("AWS::SQS::Queue", Set.of("QueueName", "FifoQueue")));

    private static final Set<String> IAM_TYPES = Set.of("AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy",
            "AWS::IAM::User", "AWS::IAM::Group", "AWS::IAM::InstanceProfile", "AWS::IAM::AccessKey", "AWS::IAM::UserToGroupAddition");
    private static final Map<String, String> IAM_NAMES = Map.of("AWS::IAM::Role", "RoleName", "AWS::IAM::ManagedPolicy", "ManagedPolicyName",
            "AWS::IAM::User", "UserName", "AWS::IAM::Group", "GroupName", "AWS::IAM::InstanceProfile", "InstanceProfileName");

    /**
     * How long things take.
     *
     * @param changeSetCompute CREATE_PENDING → CREATE_COMPLETE
     * @param resourceStep     each resource event (IN_PROGRESS, then COMPLETE one step later)
     * @param latency          added to every call, outside the lock (parallel callers overlap)
     */
    public record Timing(Duration changeSetCompute, Duration resourceStep, Duration latency) {
        public static Timing fast() {
            return new Timing(Duration.ofMillis(20), Duration.ofMillis(2), Duration.ZERO);
        }
    }

    private final String account;
    private final String region;
    private final Clock clock;
    private volatile Timing timing = Timing.fast();
    private volatile int eventPageSize = 10;
    private volatile int changePageSize = 5;
    private volatile boolean refuseEmptyAtCreate;
    private volatile boolean omitExecutionStatus;
    private volatile boolean refuseUpdatesAtExecute;
    private volatile Function<String, String> templateUrlReader;
    private volatile String nextChangeSetFailure;

    private final Map<String, StackState> stacksById = new LinkedHashMap<>();
    private final Map<String, String> liveIdByName = new HashMap<>();
    private final PriorityQueue<Step> timeline = new PriorityQueue<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final AtomicInteger throttleBurst = new AtomicInteger();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final AtomicInteger throttled = new AtomicInteger();
    private final Map<String, Runnable> afterCall = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> emptyAnswers = new ConcurrentHashMap<>();
    private final Map<String, Integer> emptyStatus = new ConcurrentHashMap<>();

    public FakeCloudFormation(String account, String region, Clock clock) {
        this.account = account;
        this.region = region;
        this.clock = clock;
    }

    public FakeCloudFormation(String account, String region) {
        this(account, region, Clock.systemUTC());
    }

    // ================================================================== test controls

    public FakeCloudFormation timing(Timing t) {
        this.timing = t;
        return this;
    }

    public Timing timing() {
        return timing;
    }

    public FakeCloudFormation eventPageSize(int n) {
        this.eventPageSize = n;
        return this;
    }

    public FakeCloudFormation changePageSize(int n) {
        this.changePageSize = n;
        return this;
    }

    /** Behave like endpoints that refuse an empty change set at CreateChangeSet ("No updates are to be performed."). */
    public FakeCloudFormation refuseEmptyChangeSetsAtCreate(boolean refuse) {
        this.refuseEmptyAtCreate = refuse;
        return this;
    }

    /** Behave like endpoints whose DescribeChangeSet carries no ExecutionStatus (AWS always sends one). */
    public FakeCloudFormation omitExecutionStatus(boolean omit) {
        this.omitExecutionStatus = omit;
        return this;
    }

    /**
     * Behave like LocalStack, whose own diff lists changes for an UPDATE change set that its deployer
     * then finds nothing to apply for: ExecuteChangeSet refuses with a ValidationError "No updates to
     * be performed for stack change set" and the stack is left as it was.
     */
    public FakeCloudFormation refuseUpdatesAtExecute(boolean refuse) {
        this.refuseUpdatesAtExecute = refuse;
        return this;
    }

    /** How a TemplateURL is read (the world wires it to its S3); without it TemplateURL is refused. */
    public FakeCloudFormation templateUrlReader(Function<String, String> reader) {
        this.templateUrlReader = reader;
        return this;
    }

    /** Every create or update of this logical id fails with {@code reason}, in any stack. */
    public FakeCloudFormation failResource(String logicalId, String reason) {
        failures.put(logicalId, reason);
        return this;
    }

    public FakeCloudFormation healResource(String logicalId) {
        failures.remove(logicalId);
        return this;
    }

    /** The next change set computed ends FAILED with this reason (as a template or resolution error would). */
    public FakeCloudFormation failNextChangeSet(String reason) {
        this.nextChangeSetFailure = reason;
        return this;
    }

    /** The next {@code n} calls fail with {@code Throttling: Rate exceeded} (HTTP 400), like a burst of AWS throttling. */
    public FakeCloudFormation throttleNext(int n) {
        throttleBurst.set(n);
        return this;
    }

    /**
     * The next {@code times} calls of {@code operation} get an HTTP {@code status} with an empty body,
     * as a proxy or a failing front end answers: no error code, no message, no request id.
     */
    public FakeCloudFormation answerEmpty(String operation, int status, int times) {
        emptyAnswers.put(operation, new AtomicInteger(times));
        emptyStatus.put(operation, status);
        return this;
    }

    /**
     * Someone else updates the stack for {@code d}: UPDATE_IN_PROGRESS with the console's request
     * token, then UPDATE_COMPLETE. Like any update, it makes the stack's change sets OBSOLETE.
     */
    public synchronized void occupy(String stackName, Duration d) {
        advance();
        StackState s = live(stackName);
        Instant t0 = now();
        String token = "Console-UpdateStack-" + UUID.randomUUID();
        stackEvent(s, t0, "UPDATE_IN_PROGRESS", "User Initiated", token);
        s.status = "UPDATE_IN_PROGRESS";
        s.lastUpdated = t0;
        s.changeSets.values().forEach(cs -> {
            if (cs.executionStatus == ExecutionStatus.AVAILABLE) {
                cs.executionStatus = ExecutionStatus.OBSOLETE;
            }
        });
        schedule(t0.plus(d), () -> {
            if (!"UPDATE_IN_PROGRESS".equals(s.status)) {
                return; // cancelled meanwhile
            }
            stackEvent(s, t0.plus(d), "UPDATE_COMPLETE", null, token);
            s.status = "UPDATE_COMPLETE";
        });
    }

    /** A stack that is already in {@code status} (e.g. UPDATE_ROLLBACK_FAILED), as if history had put it there. */
    public synchronized String seedStack(String stackName, String status, String templateBody, Map<String, String> parameters) {
        Template t = TemplateParser.parse(Path.of(stackName + ".yaml"), templateBody);
        StackState s = newStack(stackName, now());
        s.status = status;
        s.templateBody = templateBody;
        s.template = t;
        s.parameters = new LinkedHashMap<>(effectiveParameters(t, parameters));
        for (Resource r : t.resources().values()) {
            s.physicalIds.put(r.logicalId(), physicalId(s, t, r));
        }
        stackEvent(s, now(), status, "seeded", null);
        return s.id;
    }

    /**
     * Someone changes {@code logicalId} outside CloudFormation: its next drift detection reports these
     * differences (none: the resource was deleted).
     */
    public synchronized FakeCloudFormation driftResource(String stackName, String logicalId, PropertyDifference... differences) {
        live(stackName).drift.put(logicalId, List.of(differences));
        return this;
    }

    /** Someone's UpdateStack is in progress for {@code d} (as {@link #occupy}), for {@code CancelUpdateStack} to cancel. */
    public synchronized void updateInProgress(String stackName, Duration d) {
        occupy(stackName, d);
    }

    /** Runs {@code hook} once, right after the next successful call of {@code operation} (e.g. to expire credentials mid-deploy). */
    public FakeCloudFormation afterNext(String operation, Runnable hook) {
        afterCall.put(operation, hook);
        return this;
    }

    public int calls(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    public int totalCalls() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public Map<String, Integer> callCounts() {
        Map<String, Integer> out = new TreeMap<>();
        calls.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    public int throttledCalls() {
        return throttled.get();
    }

    public void resetCounters() {
        calls.clear();
        throttled.set(0);
    }

    /** The live stack's status, or null; for assertions. */
    public synchronized String status(String stackName) {
        advance();
        String id = liveIdByName.get(stackName);
        return id == null ? null : stacksById.get(id).status;
    }

    public synchronized boolean exists(String stackName) {
        advance();
        return liveIdByName.containsKey(stackName);
    }

    public synchronized List<String> changeSetNames(String stackName) {
        advance();
        String id = liveIdByName.get(stackName);
        return id == null ? List.of() : List.copyOf(stacksById.get(id).changeSets.keySet());
    }

    public synchronized String stackPolicy(String stackName) {
        return live(stackName).stackPolicy;
    }

    public synchronized boolean terminationProtection(String stackName) {
        return live(stackName).terminationProtection;
    }

    public synchronized Map<String, String> parameters(String stackName) {
        return Map.copyOf(live(stackName).parameters);
    }

    public synchronized String physicalId(String stackName, String logicalId) {
        return live(stackName).physicalIds.get(logicalId);
    }

    public synchronized List<StackEvent> allEvents(String stackName) {
        advance();
        List<StackEvent> out = new ArrayList<>(live(stackName).events);
        Collections.reverse(out);
        return out;
    }

    /** The ClientRequestTokens of every ExecuteChangeSet on the stack, in order. */
    public synchronized List<String> executeTokens(String stackName) {
        return List.copyOf(live(stackName).executeTokens);
    }

    // ================================================================== API

    @Override
    public String serviceName() {
        return "cloudformation";
    }

    @Override
    public void close() {
    }

    @Override
    public CloudFormationServiceClientConfiguration serviceClientConfiguration() {
        return CloudFormationServiceClientConfiguration.builder().region(software.amazon.awssdk.regions.Region.of(region)).build();
    }

    @Override
    public DescribeStacksResponse describeStacks(DescribeStacksRequest r) {
        return call("DescribeStacks", () -> {
            if (r.stackName() == null) {
                return DescribeStacksResponse.builder().stacks(liveIdByName.values().stream().map(id -> stacksById.get(id).toStack()).toList()).build();
            }
            StackState s = find(r.stackName());
            if (s == null) {
                throw error("ValidationError", 400, "Stack with id " + r.stackName() + " does not exist");
            }
            return DescribeStacksResponse.builder().stacks(s.toStack()).build();
        });
    }

    @Override
    public DescribeStackEventsResponse describeStackEvents(DescribeStackEventsRequest r) {
        return call("DescribeStackEvents", () -> {
            StackState s = find(r.stackName());
            if (s == null) {
                throw error("ValidationError", 400, "Stack [" + r.stackName() + "] does not exist");
            }
            // The token counts from the oldest event: events that happen between two page reads are
            // added at the newest end and must not shift the next page onto events already returned.
            List<StackEvent> oldestFirst = new ArrayList<>(s.events);
            int end = r.nextToken() == null ? oldestFirst.size() : Integer.parseInt(r.nextToken());
            int start = Math.max(0, end - eventPageSize);
            List<StackEvent> page = new ArrayList<>(oldestFirst.subList(start, end));
            Collections.reverse(page);
            return DescribeStackEventsResponse.builder()
                    .stackEvents(page)
                    .nextToken(start > 0 ? String.valueOf(start) : null)
                    .build();
        });
    }

    @Override
    public GetTemplateResponse getTemplate(GetTemplateRequest r) {
        return call("GetTemplate", () -> {
            StackState s = find(r.stackName());
            if (s == null) {
                throw error("ValidationError", 400, "Stack with id " + r.stackName() + " does not exist");
            }
            return GetTemplateResponse.builder().templateBody(s.templateBody == null ? "{}" : s.templateBody).build();
        });
    }

    @Override
    public GetStackPolicyResponse getStackPolicy(GetStackPolicyRequest r) {
        return call("GetStackPolicy", () -> GetStackPolicyResponse.builder().stackPolicyBody(require(r.stackName()).stackPolicy).build());
    }

    @Override
    public CreateChangeSetResponse createChangeSet(CreateChangeSetRequest r) {
        return call("CreateChangeSet", () -> {
            if (r.stackName() == null || !NAME.matcher(r.stackName()).matches() || r.stackName().length() > 128) {
                throw error("ValidationError", 400, "1 validation error detected: Value '" + r.stackName()
                        + "' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*");
            }
            if (r.changeSetName() == null || !NAME.matcher(r.changeSetName()).matches() || r.changeSetName().length() > 128) {
                throw error("ValidationError", 400, "1 validation error detected: Value '" + r.changeSetName()
                        + "' at 'changeSetName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*");
            }
            if (r.clientToken() != null && (r.clientToken().isEmpty() || r.clientToken().length() > 128)) {
                throw error("ValidationError", 400, "1 validation error detected: Value '" + r.clientToken()
                        + "' at 'clientToken' failed to satisfy constraint: Member must have length less than or equal to 128");
            }
            checkTags(r.tags());
            if (r.description() != null && r.description().length() > 1024) {
                throw error("ValidationError", 400, "1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 1024");
            }
            String body = templateOf(r);
            Template template;
            try {
                template = TemplateParser.parse(Path.of("template"), body);
            } catch (TemplateException e) {
                throw error("ValidationError", 400, "Template format error: " + e.getMessage());
            }
            Map<String, String> params = checkParameters(template, r.parameters());
            checkCapabilities(template, r.capabilities());
            if (r.roleARN() != null && !r.roleARN().startsWith("arn:aws:iam::" + account + ":role/")) {
                throw error("ValidationError", 400, "Role " + r.roleARN() + " is invalid or cannot be assumed");
            }
            StackState s = liveIdByName.containsKey(r.stackName()) ? stacksById.get(liveIdByName.get(r.stackName())) : null;
            ChangeSetType type = r.changeSetType() == null ? ChangeSetType.UPDATE : r.changeSetType();
            if (type == ChangeSetType.CREATE) {
                if (s != null && !"REVIEW_IN_PROGRESS".equals(s.status)) {
                    throw error("ValidationError", 400, "Stack [" + r.stackName() + "] already exists and cannot be created again with the changeSet ["
                            + r.changeSetName() + "].");
                }
            } else if (type == ChangeSetType.UPDATE) {
                if (s == null) {
                    throw error("ValidationError", 400, "Stack [" + r.stackName() + "] does not exist");
                }
                if (!Set.of("CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE", "IMPORT_ROLLBACK_COMPLETE").contains(s.status)) {
                    throw error("ValidationError", 400, "Stack:" + s.id + " is in " + s.status + " state and can not be updated.");
                }
            } else {
                throw error("ValidationError", 400, "ChangeSetType " + type + " is not supported here");
            }
            if (s != null) {
                ChangeSetState existing = s.changeSets.get(r.changeSetName());
                if (existing != null) {
                    if (Objects.equals(existing.clientToken, r.clientToken()) && r.clientToken() != null) {
                        // An idempotent retry of the same request: the same change set.
                        return CreateChangeSetResponse.builder().id(existing.id).stackId(s.id).build();
                    }
                    throw error("AlreadyExistsException", 400, "ChangeSet " + r.changeSetName()
                            + " cannot be created due to a mismatch with existing attribute ClientToken");
                }
            }
            Instant t0 = now();
            if (s == null) {
                s = newStack(r.stackName(), t0);
                s.status = "REVIEW_IN_PROGRESS";
                stackEvent(s, t0, "REVIEW_IN_PROGRESS", "User Initiated", null);
            }
            ChangeSetState cs = new ChangeSetState();
            cs.id = "arn:aws:cloudformation:" + region + ":" + account + ":changeSet/" + r.changeSetName() + "/" + UUID.randomUUID();
            cs.name = r.changeSetName();
            cs.stack = s;
            cs.type = type;
            cs.clientToken = r.clientToken();
            cs.description = r.description();
            cs.templateBody = body;
            cs.template = template;
            cs.parameters = params;
            cs.capabilities = r.capabilities();
            cs.tags = r.tags().stream().collect(LinkedHashMap::new, (m, t) -> m.put(t.key(), t.value()), Map::putAll);
            cs.roleArn = r.roleARN();
            cs.createdAt = t0;
            cs.status = ChangeSetStatus.CREATE_PENDING;
            cs.executionStatus = ExecutionStatus.UNAVAILABLE;
            cs.changes = computeChanges(s, template, params, cs.tags, type == ChangeSetType.CREATE);
            if (cs.changes.isEmpty() && refuseEmptyAtCreate) {
                throw error("ValidationError", 400, "No updates are to be performed.");
            }
            s.changeSets.put(cs.name, cs);
            String injectedFailure = nextChangeSetFailure;
            nextChangeSetFailure = null;
            Duration compute = timing.changeSetCompute();
            schedule(t0.plus(compute.dividedBy(3)), () -> {
                if (cs.status == ChangeSetStatus.CREATE_PENDING) {
                    cs.status = ChangeSetStatus.CREATE_IN_PROGRESS;
                }
            });
            schedule(t0.plus(compute), () -> {
                if (cs.status != ChangeSetStatus.CREATE_IN_PROGRESS && cs.status != ChangeSetStatus.CREATE_PENDING) {
                    return;
                }
                if (injectedFailure != null) {
                    cs.status = ChangeSetStatus.FAILED;
                    cs.statusReason = injectedFailure;
                } else if (cs.changes.isEmpty()) {
                    cs.status = ChangeSetStatus.FAILED;
                    cs.statusReason = "The submitted information didn't contain changes. Submit different information to create a change set.";
                } else {
                    cs.status = ChangeSetStatus.CREATE_COMPLETE;
                    cs.executionStatus = ExecutionStatus.AVAILABLE;
                }
            });
            return CreateChangeSetResponse.builder().id(cs.id).stackId(s.id).build();
        });
    }

    @Override
    public DescribeChangeSetResponse describeChangeSet(DescribeChangeSetRequest r) {
        return call("DescribeChangeSet", () -> {
            ChangeSetState cs = changeSet(r.changeSetName(), r.stackName());
            List<Change> all = cs.status == ChangeSetStatus.CREATE_COMPLETE
                    ? cs.changes.stream().map(rc -> Change.builder().type("Resource").resourceChange(rc.toBuilder().changeSetId(cs.id).build()).build()).toList()
                    : List.of();
            int from = r.nextToken() == null ? 0 : Integer.parseInt(r.nextToken());
            int to = Math.min(all.size(), from + changePageSize);
            return DescribeChangeSetResponse.builder()
                    .changeSetId(cs.id).changeSetName(cs.name).stackId(cs.stack.id).stackName(cs.stack.name)
                    .description(cs.description).creationTime(cs.createdAt)
                    .status(cs.status).statusReason(cs.statusReason).executionStatus(omitExecutionStatus ? null : cs.executionStatus)
                    .parameters(cs.parameters.entrySet().stream().map(e -> Parameter.builder().parameterKey(e.getKey()).parameterValue(e.getValue()).build()).toList())
                    .capabilities(cs.capabilities)
                    .tags(cs.tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())
                    .changes(all.subList(from, to))
                    .nextToken(to < all.size() ? String.valueOf(to) : null)
                    .build();
        });
    }

    @Override
    public ListChangeSetsResponse listChangeSets(ListChangeSetsRequest r) {
        return call("ListChangeSets", () -> {
            StackState s = require(r.stackName());
            return ListChangeSetsResponse.builder().summaries(s.changeSets.values().stream().map(cs -> ChangeSetSummary.builder()
                    .changeSetId(cs.id).changeSetName(cs.name).stackId(s.id).stackName(s.name)
                    .status(cs.status).executionStatus(cs.executionStatus).statusReason(cs.statusReason).build()).toList()).build();
        });
    }

    @Override
    public DeleteChangeSetResponse deleteChangeSet(DeleteChangeSetRequest r) {
        return call("DeleteChangeSet", () -> {
            ChangeSetState cs = changeSet(r.changeSetName(), r.stackName());
            if (cs.executionStatus == ExecutionStatus.EXECUTE_IN_PROGRESS) {
                throw error("InvalidChangeSetStatus", 400, "Cannot delete ChangeSet in status EXECUTE_IN_PROGRESS");
            }
            cs.stack.changeSets.remove(cs.name);
            return DeleteChangeSetResponse.builder().build();
        });
    }

    @Override
    public ExecuteChangeSetResponse executeChangeSet(ExecuteChangeSetRequest r) {
        return call("ExecuteChangeSet", () -> {
            // Input constraints are checked before anything about the change set, as AWS does.
            checkClientRequestToken(r.clientRequestToken());
            ChangeSetState cs = changeSet(r.changeSetName(), r.stackName());
            if (cs.status != ChangeSetStatus.CREATE_COMPLETE) {
                throw error("InvalidChangeSetStatus", 400, "ChangeSet [" + cs.id + "] cannot be executed in its current status of [" + cs.status + "]");
            }
            if (cs.executionStatus != ExecutionStatus.AVAILABLE) {
                throw error("InvalidChangeSetStatus", 400, "ChangeSet [" + cs.id + "] cannot be executed in its current execution status of ["
                        + cs.executionStatus + "]");
            }
            StackState s = cs.stack;
            if (s.status.endsWith("_IN_PROGRESS") && !"REVIEW_IN_PROGRESS".equals(s.status)) {
                throw error("ValidationError", 400, "Stack:" + s.id + " is in " + s.status + " state and can not be updated.");
            }
            if (refuseUpdatesAtExecute && cs.type == ChangeSetType.UPDATE) {
                throw error("ValidationError", 400, "No updates to be performed for stack change set");
            }
            String token = r.clientRequestToken();
            if (token != null && s.executeTokens.contains(token)) {
                throw error("TokenAlreadyExistsException", 400, "Another Stack operation has already used the ClientRequestToken " + token);
            }
            if (token != null) {
                s.executeTokens.add(token);
            }
            cs.executionStatus = ExecutionStatus.EXECUTE_IN_PROGRESS;
            // Executing a change set deletes the stack's other change sets: they describe a stack that is about to change.
            s.changeSets.values().removeIf(other -> other != cs);
            runExecution(cs, token == null ? "Exec-" + UUID.randomUUID() : token, Boolean.TRUE.equals(r.disableRollback()));
            return ExecuteChangeSetResponse.builder().build();
        });
    }

    @Override
    public DeleteStackResponse deleteStack(DeleteStackRequest r) {
        return call("DeleteStack", () -> {
            checkClientRequestToken(r.clientRequestToken());
            StackState s = find(r.stackName());
            if (s == null || "DELETE_COMPLETE".equals(s.status)) {
                return DeleteStackResponse.builder().build(); // deleting a missing stack succeeds
            }
            if (s.terminationProtection) {
                throw error("ValidationError", 400, "Stack [" + s.name + "] cannot be deleted while TerminationProtection is enabled");
            }
            if (s.status.endsWith("_IN_PROGRESS") && !"REVIEW_IN_PROGRESS".equals(s.status)) {
                throw error("ValidationError", 400, "Stack [" + s.name + "] cannot be deleted while in status " + s.status);
            }
            runDelete(s, r.clientRequestToken());
            return DeleteStackResponse.builder().build();
        });
    }

    @Override
    public UpdateTerminationProtectionResponse updateTerminationProtection(UpdateTerminationProtectionRequest r) {
        return call("UpdateTerminationProtection", () -> {
            StackState s = require(r.stackName());
            s.terminationProtection = Boolean.TRUE.equals(r.enableTerminationProtection());
            return UpdateTerminationProtectionResponse.builder().stackId(s.id).build();
        });
    }

    @Override
    public SetStackPolicyResponse setStackPolicy(SetStackPolicyRequest r) {
        return call("SetStackPolicy", () -> {
            StackState s = require(r.stackName());
            try {
                JsonNode policy = JSON.readTree(r.stackPolicyBody());
                if (!policy.has("Statement")) {
                    throw error("ValidationError", 400, "Error validating stack policy: Missing required field Statement");
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw error("ValidationError", 400, "Error validating stack policy: Invalid JSON");
            }
            s.stackPolicy = r.stackPolicyBody();
            return SetStackPolicyResponse.builder().build();
        });
    }

    @Override
    public ListStackResourcesResponse listStackResources(ListStackResourcesRequest r) {
        return call("ListStackResources", () -> {
            StackState s = find(r.stackName());
            if (s == null) {
                throw error("ValidationError", 400, "Stack with id " + r.stackName() + " does not exist");
            }
            List<StackResourceSummary> all = new ArrayList<>();
            s.physicalIds.forEach((id, physical) -> {
                Resource res = s.template == null ? null : s.template.resources().get(id);
                all.add(StackResourceSummary.builder().logicalResourceId(id).physicalResourceId(physical)
                        .resourceType(res == null ? "AWS::CloudFormation::WaitConditionHandle" : res.type())
                        .resourceStatus("DELETE_COMPLETE".equals(s.status) ? "DELETE_COMPLETE" : "CREATE_COMPLETE")
                        .lastUpdatedTimestamp(s.lastUpdated == null ? s.created : s.lastUpdated).build());
            });
            // Pages of 100, as CloudFormation's; the token is the index of the next page.
            int from = r.nextToken() == null ? 0 : Integer.parseInt(r.nextToken());
            int to = Math.min(all.size(), from + 100);
            return ListStackResourcesResponse.builder().stackResourceSummaries(all.subList(from, to))
                    .nextToken(to < all.size() ? String.valueOf(to) : null).build();
        });
    }

    private final Map<String, DriftRun> detections = new HashMap<>();

    private record DriftRun(StackState stack, Instant done, String id) {
    }

    @Override
    public DetectStackDriftResponse detectStackDrift(DetectStackDriftRequest r) {
        return call("DetectStackDrift", () -> {
            StackState s = require(r.stackName());
            if (s.status.endsWith("_IN_PROGRESS")) {
                throw error("ValidationError", 400, "Drift detection cannot be performed on stack [" + s.id + "] while it is in "
                        + s.status + " state");
            }
            String id = UUID.randomUUID().toString();
            detections.put(id, new DriftRun(s, now().plus(timing.changeSetCompute()), id));
            return DetectStackDriftResponse.builder().stackDriftDetectionId(id).build();
        });
    }

    @Override
    public DescribeStackDriftDetectionStatusResponse describeStackDriftDetectionStatus(DescribeStackDriftDetectionStatusRequest r) {
        return call("DescribeStackDriftDetectionStatus", () -> {
            DriftRun run = detections.get(r.stackDriftDetectionId());
            if (run == null) {
                throw error("ValidationError", 400, "Drift detection [" + r.stackDriftDetectionId() + "] does not exist");
            }
            StackState s = run.stack();
            var b = DescribeStackDriftDetectionStatusResponse.builder().stackId(s.id).stackDriftDetectionId(run.id());
            if (now().isBefore(run.done())) {
                return b.detectionStatus(StackDriftDetectionStatus.DETECTION_IN_PROGRESS).timestamp(now()).build();
            }
            if (s.driftCheckedAt == null || s.driftCheckedAt.isBefore(run.done())) {
                s.lastDrift.clear();
                s.drift.forEach((id, diffs) -> s.lastDrift.put(id, StackResourceDrift.builder().stackId(s.id).logicalResourceId(id)
                        .physicalResourceId(s.physicalIds.get(id)).resourceType(s.template.resources().get(id).type())
                        .stackResourceDriftStatus(diffs.isEmpty() ? StackResourceDriftStatus.DELETED : StackResourceDriftStatus.MODIFIED)
                        .propertyDifferences(diffs).timestamp(run.done()).build()));
                s.driftStatus = s.drift.isEmpty() ? "IN_SYNC" : "DRIFTED";
                s.driftCheckedAt = run.done();
            }
            return b.detectionStatus(StackDriftDetectionStatus.DETECTION_COMPLETE).stackDriftStatus(s.driftStatus)
                    .driftedStackResourceCount(s.lastDrift.size()).timestamp(s.driftCheckedAt).build();
        });
    }

    @Override
    public DescribeStackResourceDriftsResponse describeStackResourceDrifts(DescribeStackResourceDriftsRequest r) {
        return call("DescribeStackResourceDrifts", () -> {
            StackState s = require(r.stackName());
            if (r.maxResults() != null && (r.maxResults() < 1 || r.maxResults() > 100)) {
                throw error("ValidationError", 400, "1 validation error detected: Value '" + r.maxResults()
                        + "' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100");
            }
            Set<String> wanted = new java.util.HashSet<>(r.stackResourceDriftStatusFiltersAsStrings());
            List<StackResourceDrift> all = s.lastDrift.values().stream()
                    .filter(d -> wanted.isEmpty() || wanted.contains(d.stackResourceDriftStatusAsString())).toList();
            int size = r.maxResults() == null ? 100 : r.maxResults();
            int from = r.nextToken() == null ? 0 : Integer.parseInt(r.nextToken());
            int to = Math.min(all.size(), from + size);
            return DescribeStackResourceDriftsResponse.builder().stackResourceDrifts(all.subList(from, to))
                    .nextToken(to < all.size() ? String.valueOf(to) : null).build();
        });
    }

    @Override
    public ContinueUpdateRollbackResponse continueUpdateRollback(ContinueUpdateRollbackRequest r) {
        return call("ContinueUpdateRollback", () -> {
            checkClientRequestToken(r.clientRequestToken());
            StackState s = require(r.stackName());
            if (!"UPDATE_ROLLBACK_FAILED".equals(s.status)) {
                throw error("ValidationError", 400, "Stack:" + s.id + " is in " + s.status + " state and can not continue update rollback.");
            }
            for (String skip : r.resourcesToSkip()) {
                if (!s.physicalIds.containsKey(skip)) {
                    throw error("ValidationError", 400, "Resource [" + skip + "] does not exist in stack [" + s.name + "]");
                }
            }
            String token = r.clientRequestToken();
            Instant t0 = now();
            stackEvent(s, t0, "UPDATE_ROLLBACK_IN_PROGRESS", "User Initiated", token);
            s.status = "UPDATE_ROLLBACK_IN_PROGRESS";
            Instant t1 = t0.plus(timing.resourceStep());
            // A resource that still cannot roll back (failResource) fails the rollback again unless it is skipped.
            String stuck = failures.keySet().stream().filter(s.physicalIds::containsKey).filter(id -> !r.resourcesToSkip().contains(id))
                    .findFirst().orElse(null);
            schedule(t1, () -> {
                for (String skip : r.resourcesToSkip()) {
                    resourceEvent(s, t1, skip, s.template.resources().get(skip).type(), s.physicalIds.get(skip), "UPDATE_COMPLETE",
                            "Resource update skipped.", token);
                }
                if (stuck != null) {
                    resourceEvent(s, t1, stuck, s.template.resources().get(stuck).type(), s.physicalIds.get(stuck), "UPDATE_FAILED",
                            failures.get(stuck), token);
                }
            });
            Instant t2 = t1.plus(timing.resourceStep());
            schedule(t2, () -> {
                String end = stuck == null ? "UPDATE_ROLLBACK_COMPLETE" : "UPDATE_ROLLBACK_FAILED";
                stackEvent(s, t2, end, stuck == null ? null : "The following resource(s) failed to update: [" + stuck + "].", token);
                s.status = end;
            });
            return ContinueUpdateRollbackResponse.builder().build();
        });
    }

    @Override
    public RollbackStackResponse rollbackStack(RollbackStackRequest r) {
        return call("RollbackStack", () -> {
            checkClientRequestToken(r.clientRequestToken());
            StackState s = require(r.stackName());
            if (!"UPDATE_FAILED".equals(s.status) && !"CREATE_FAILED".equals(s.status)) {
                throw error("ValidationError", 400, "Stack:" + s.id + " is in " + s.status + " state and can not be rolled back.");
            }
            boolean create = "CREATE_FAILED".equals(s.status);
            String token = r.clientRequestToken();
            Instant t0 = now();
            String begin = create ? "ROLLBACK_IN_PROGRESS" : "UPDATE_ROLLBACK_IN_PROGRESS";
            stackEvent(s, t0, begin, "User Initiated", token);
            s.status = begin;
            Instant t1 = t0.plus(timing.resourceStep());
            schedule(t1, () -> {
                String end = create ? "ROLLBACK_COMPLETE" : "UPDATE_ROLLBACK_COMPLETE";
                stackEvent(s, t1, end, null, token);
                s.status = end;
                if (create) {
                    s.physicalIds.clear();
                }
            });
            return RollbackStackResponse.builder().stackId(s.id).build();
        });
    }

    @Override
    public CancelUpdateStackResponse cancelUpdateStack(CancelUpdateStackRequest r) {
        return call("CancelUpdateStack", () -> {
            checkClientRequestToken(r.clientRequestToken());
            StackState s = require(r.stackName());
            if (!"UPDATE_IN_PROGRESS".equals(s.status)) {
                throw error("ValidationError", 400, "CancelUpdateStack cannot be called from current stack status");
            }
            // The update stops (its remaining steps find the stack no longer UPDATE_IN_PROGRESS) and a rollback takes it back.
            Instant t0 = now();
            stackEvent(s, t0, "UPDATE_ROLLBACK_IN_PROGRESS", "Stack update cancelled", r.clientRequestToken());
            s.status = "UPDATE_ROLLBACK_IN_PROGRESS";
            Instant t1 = t0.plus(timing.resourceStep());
            schedule(t1, () -> {
                stackEvent(s, t1, "UPDATE_ROLLBACK_COMPLETE", null, r.clientRequestToken());
                s.status = "UPDATE_ROLLBACK_COMPLETE";
            });
            return CancelUpdateStackResponse.builder().build();
        });
    }

    // ================================================================== operations over time

    private void runExecution(ChangeSetState cs, String token) {
        runExecution(cs, token, false);
    }

    /** @param disableRollback ExecuteChangeSet's DisableRollback: a failure leaves the stack UPDATE_FAILED / CREATE_FAILED */
    private void runExecution(ChangeSetState cs, String token, boolean disableRollback) {
        StackState s = cs.stack;
        boolean create = cs.type == ChangeSetType.CREATE;
        Instant t = now();
        Duration step = timing.resourceStep();
        String begin = create ? "CREATE_IN_PROGRESS" : "UPDATE_IN_PROGRESS";
        Instant t0 = t;
        schedule(t, () -> {
            stackEvent(s, t0, begin, "User Initiated", token);
            s.status = begin;
            if (!create) {
                s.lastUpdated = t0;
            }
        });
        Template old = s.template;
        Map<String, String> oldPhysical = new HashMap<>(s.physicalIds);
        Map<String, String> newPhysical = new HashMap<>(s.physicalIds);
        List<String> done = new ArrayList<>();
        String failedId = null;
        String failedVerb = null;
        // A stack policy that denies deleting a resource the change set removes stops the update at once.
        for (ResourceChange rc : cs.changes) {
            String denied = "Remove".equals(rc.actionAsString()) ? policyDenial(s, rc.logicalResourceId(), "Update:Delete") : null;
            if (denied != null && failedId == null) {
                failedId = rc.logicalResourceId();
                failedVerb = "UPDATE";
                t = t.plus(step);
                Instant at = t;
                String id = failedId;
                String why = denied;
                String phys = oldPhysical.get(id);
                schedule(at, () -> resourceEvent(s, at, id, rc.resourceType(), phys, "UPDATE_FAILED", why, token));
            }
        }
        for (ResourceChange rc : cs.changes) {
            if (failedId != null) {
                break;
            }
            String id = rc.logicalResourceId();
            String type = rc.resourceType();
            if ("Remove".equals(rc.actionAsString())) {
                continue; // removals happen in the cleanup phase
            }
            boolean add = "Add".equals(rc.actionAsString());
            // Conditional means "replaced if what it refers to is replaced"; here that happens, so it is replaced.
            boolean replace = "True".equals(rc.replacementAsString()) || "Conditional".equals(rc.replacementAsString());
            String verb = add ? "CREATE" : "UPDATE";
            String denied = add ? null : policyDenial(s, id, replace ? "Update:Replace" : "Update:Modify");
            String reason = denied != null ? denied : failures.get(id);
            t = t.plus(step);
            Instant at = t;
            String newId = add || replace ? physicalId(s, cs.template, cs.template.resources().get(id)) : oldPhysical.get(id);
            schedule(at, () -> resourceEvent(s, at, id, type, oldPhysical.getOrDefault(id, newId), verb + "_IN_PROGRESS",
                    add ? "Resource creation Initiated" : replace ? "Requested update requires the creation of a new physical resource; hence creating one." : null, token));
            t = t.plus(step);
            Instant at2 = t;
            if (reason != null) {
                failedId = id;
                failedVerb = verb;
                String r = reason;
                schedule(at2, () -> resourceEvent(s, at2, id, type, newId, verb + "_FAILED", r, token));
                break;
            }
            newPhysical.put(id, newId);
            done.add(id);
            schedule(at2, () -> resourceEvent(s, at2, id, type, newId, verb + "_COMPLETE", null, token));
        }
        if (failedId != null && disableRollback) {
            // What succeeded stays as it is; the stack stops in a failed status for a person to look at.
            Instant end = t.plus(step);
            String fid = failedId;
            String fverb = failedVerb;
            String endStatus = create ? "CREATE_FAILED" : "UPDATE_FAILED";
            schedule(end, () -> {
                s.physicalIds.putAll(newPhysical);
                stackEvent(s, end, endStatus, "The following resource(s) failed to " + fverb.toLowerCase(java.util.Locale.ROOT)
                        + ": [" + fid + "]. Rollback disabled.", token);
                s.status = endStatus;
                cs.executionStatus = ExecutionStatus.EXECUTE_FAILED;
            });
            return;
        }
        if (failedId != null) {
            scheduleRollback(cs, token, t.plus(step), create, failedId, failedVerb, done, old, oldPhysical);
            return;
        }
        // Success: cleanup (removals and replaced physical resources), then the terminal status.
        if (!create) {
            t = t.plus(step);
            Instant at = t;
            schedule(at, () -> {
                stackEvent(s, at, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", null, token);
                s.status = "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS";
            });
            for (ResourceChange rc : cs.changes) {
                boolean remove = "Remove".equals(rc.actionAsString());
                boolean replaced = ("True".equals(rc.replacementAsString()) || "Conditional".equals(rc.replacementAsString()))
                        && "Modify".equals(rc.actionAsString());
                if (!remove && !replaced) {
                    continue;
                }
                String id = rc.logicalResourceId();
                Resource oldResource = old.resources().get(id);
                boolean retain = oldResource != null && ("Retain".equals(remove ? oldResource.deletionPolicy() : oldResource.updateReplacePolicy()));
                t = t.plus(step);
                Instant at1 = t;
                t = t.plus(step);
                Instant at2 = t;
                String phys = oldPhysical.get(id);
                schedule(at1, () -> {
                    if (!retain) {
                        resourceEvent(s, at1, id, rc.resourceType(), phys, "DELETE_IN_PROGRESS", null, token);
                    }
                });
                schedule(at2, () -> resourceEvent(s, at2, id, rc.resourceType(), phys, retain ? "DELETE_SKIPPED" : "DELETE_COMPLETE", null, token));
                if (remove) {
                    newPhysical.remove(id);
                }
            }
        }
        t = t.plus(step);
        Instant end = t;
        String finalStatus = create ? "CREATE_COMPLETE" : "UPDATE_COMPLETE";
        schedule(end, () -> {
            s.template = cs.template;
            s.templateBody = cs.templateBody;
            s.parameters = new LinkedHashMap<>(cs.parameters);
            s.tags = new LinkedHashMap<>(cs.tags);
            s.capabilities = cs.capabilities;
            s.roleArn = cs.roleArn;
            s.description = cs.description;
            s.physicalIds.clear();
            s.physicalIds.putAll(newPhysical);
            s.outputs = renderOutputs(s);
            stackEvent(s, end, finalStatus, null, token);
            s.status = finalStatus;
            cs.executionStatus = ExecutionStatus.EXECUTE_COMPLETE;
        });
    }

    private void scheduleRollback(ChangeSetState cs, String token, Instant start, boolean create, String failedId, String failedVerb,
                                  List<String> done, Template old, Map<String, String> oldPhysical) {
        StackState s = cs.stack;
        Duration step = timing.resourceStep();
        String rolling = create ? "ROLLBACK_IN_PROGRESS" : "UPDATE_ROLLBACK_IN_PROGRESS";
        String reason = "The following resource(s) failed to " + failedVerb.toLowerCase(java.util.Locale.ROOT) + ": [" + failedId + "]. "
                + (create ? "Rollback requested by user." : "");
        Instant t = start;
        Instant t0 = t;
        schedule(t0, () -> {
            stackEvent(s, t0, rolling, reason.strip(), token);
            s.status = rolling;
        });
        List<String> undo = new ArrayList<>(done);
        Collections.reverse(undo);
        if (create) {
            undo.add(0, failedId);
        }
        for (String id : undo) {
            ResourceChange rc = cs.changes.stream().filter(c -> c.logicalResourceId().equals(id)).findFirst().orElseThrow();
            boolean added = "Add".equals(rc.actionAsString());
            String verb = added ? "DELETE" : "UPDATE";
            t = t.plus(step);
            Instant at1 = t;
            t = t.plus(step);
            Instant at2 = t;
            schedule(at1, () -> resourceEvent(s, at1, id, rc.resourceType(), oldPhysical.getOrDefault(id, id), verb + "_IN_PROGRESS", null, token));
            schedule(at2, () -> resourceEvent(s, at2, id, rc.resourceType(), oldPhysical.getOrDefault(id, id), verb + "_COMPLETE", null, token));
        }
        t = t.plus(step);
        Instant end = t;
        String finalStatus = create ? "ROLLBACK_COMPLETE" : "UPDATE_ROLLBACK_COMPLETE";
        schedule(end, () -> {
            if (!create) {
                stackEvent(s, end, "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", null, token);
            } else {
                s.template = cs.template;
                s.templateBody = cs.templateBody;
                s.parameters = new LinkedHashMap<>(cs.parameters);
            }
            stackEvent(s, end, finalStatus, null, token);
            s.status = finalStatus;
            s.statusReason = create ? reason.strip() : null;
            cs.executionStatus = ExecutionStatus.EXECUTE_FAILED;
        });
    }

    private void runDelete(StackState s, String token) {
        Instant t = now();
        Duration step = timing.resourceStep();
        Instant t0 = t;
        stackEvent(s, t0, "DELETE_IN_PROGRESS", "User Initiated", token);
        s.status = "DELETE_IN_PROGRESS";
        s.changeSets.clear();
        // Only live resources are deleted: a ROLLBACK_COMPLETE stack has none left.
        List<String> ids = new ArrayList<>(s.physicalIds.keySet());
        Collections.reverse(ids);
        if (s.template != null) {
            for (String id : ids) {
                Resource r = s.template.resources().get(id);
                if (r == null) {
                    continue;
                }
                boolean retain = "Retain".equals(r.deletionPolicy());
                t = t.plus(step);
                Instant at = t;
                schedule(at, () -> resourceEvent(s, at, id, r.type(), s.physicalIds.get(id), retain ? "DELETE_SKIPPED" : "DELETE_COMPLETE", null, token));
            }
        }
        t = t.plus(step);
        Instant end = t;
        schedule(end, () -> {
            stackEvent(s, end, "DELETE_COMPLETE", null, token);
            s.status = "DELETE_COMPLETE";
            s.deleted = end;
            liveIdByName.remove(s.name, s.id);
        });
    }

    /** "Action denied by stack policy" when a Deny statement covers this update of this logical id. */
    private String policyDenial(StackState s, String logicalId, String action) {
        if (s.stackPolicy == null) {
            return null;
        }
        try {
            JsonNode statements = JSON.readTree(s.stackPolicy).path("Statement");
            int n = 0;
            for (JsonNode st : statements) {
                n++;
                if (!"Deny".equals(st.path("Effect").asText())) {
                    continue;
                }
                if (matches(st.path("Action"), action, true) && matches(st.path("Resource"), "LogicalResourceId/" + logicalId, false)) {
                    return "Action denied by stack policy: Statement [#" + n + "] has a Deny effect";
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return null;
    }

    private static boolean matches(JsonNode patterns, String value, boolean action) {
        List<String> list = new ArrayList<>();
        if (patterns.isArray()) {
            patterns.forEach(p -> list.add(p.asText()));
        } else {
            list.add(patterns.asText());
        }
        for (String p : list) {
            if (p.equals("*") || p.equals(value) || (p.endsWith("*") && value.startsWith(p.substring(0, p.length() - 1)))) {
                return true;
            }
            // Update:* covers Update:Modify, Update:Replace and Update:Delete.
            if (action && p.equals("Update:*") && value.startsWith("Update:")) {
                return true;
            }
        }
        return false;
    }

    // ================================================================== change computation

    private List<ResourceChange> computeChanges(StackState s, Template next, Map<String, String> params, Map<String, String> tags, boolean create) {
        Map<String, Resource> before = create || s.template == null ? Map.of() : s.template.resources();
        Map<String, Resource> after = next.resources();
        Map<String, String> oldParams = s.parameters == null ? Map.of() : s.parameters;
        List<ResourceChange> out = new ArrayList<>();
        Set<String> replaced = new LinkedHashSet<>();
        Map<String, ResourceChange> modified = new LinkedHashMap<>();
        boolean tagsChanged = !create && s.tags != null && !s.tags.equals(tags);
        for (Resource r : after.values()) {
            Resource prev = before.get(r.logicalId());
            if (prev == null) {
                out.add(ResourceChange.builder().action("Add").logicalResourceId(r.logicalId()).resourceType(r.type()).build());
                continue;
            }
            Map<String, Object> oldProps = render(prev.properties(), s, oldParams);
            Map<String, Object> newProps = render(r.properties(), s, params);
            List<ResourceChangeDetail> details = new ArrayList<>();
            boolean always = !prev.type().equals(r.type());
            Set<String> keys = new LinkedHashSet<>(oldProps.keySet());
            keys.addAll(newProps.keySet());
            for (String k : keys) {
                if (Objects.equals(oldProps.get(k), newProps.get(k))) {
                    continue;
                }
                boolean forces = REPLACING.getOrDefault(r.type(), Set.of()).contains(k);
                always |= forces;
                boolean viaParameter = Objects.equals(prev.properties().get(k), r.properties().get(k));
                details.add(ResourceChangeDetail.builder()
                        .target(ResourceTargetDefinition.builder().attribute(ResourceAttribute.PROPERTIES).name(k)
                                .requiresRecreation(forces ? RequiresRecreation.ALWAYS : RequiresRecreation.NEVER).build())
                        .evaluation(EvaluationType.STATIC)
                        .changeSource(viaParameter ? "ParameterReference" : "DirectModification")
                        .build());
            }
            List<ResourceAttribute> scope = new ArrayList<>();
            if (!details.isEmpty()) {
                scope.add(ResourceAttribute.PROPERTIES);
            }
            if (tagsChanged) {
                scope.add(ResourceAttribute.TAGS);
            }
            if (!Objects.equals(prev.definition().get("Metadata"), r.definition().get("Metadata"))) {
                scope.add(ResourceAttribute.METADATA);
            }
            if (scope.isEmpty() && !always) {
                continue;
            }
            if (always) {
                replaced.add(r.logicalId());
            }
            ResourceChange rc = ResourceChange.builder().action("Modify").logicalResourceId(r.logicalId())
                    .physicalResourceId(s.physicalIds.get(r.logicalId())).resourceType(r.type())
                    .replacement(always ? Replacement.TRUE : Replacement.FALSE).scope(scope).details(details).build();
            modified.put(r.logicalId(), rc);
            out.add(rc);
        }
        // Resources that refer to a replaced resource change too, as CloudFormation evaluates dynamically.
        for (Resource r : after.values()) {
            if (!before.containsKey(r.logicalId())) {
                continue;
            }
            for (String target : replaced) {
                if (target.equals(r.logicalId())) {
                    continue;
                }
                Set<String> props = propertiesReferring(r, target);
                if (props.isEmpty()) {
                    continue;
                }
                boolean mayForce = props.stream().anyMatch(p -> REPLACING.getOrDefault(r.type(), Set.of()).contains(p));
                List<ResourceChangeDetail> details = props.stream().map(p -> ResourceChangeDetail.builder()
                        .target(ResourceTargetDefinition.builder().attribute(ResourceAttribute.PROPERTIES).name(p)
                                .requiresRecreation(REPLACING.getOrDefault(r.type(), Set.of()).contains(p) ? RequiresRecreation.CONDITIONALLY : RequiresRecreation.NEVER).build())
                        .evaluation(EvaluationType.DYNAMIC).changeSource("ResourceReference").causingEntity(target).build()).toList();
                ResourceChange existing = modified.get(r.logicalId());
                if (existing != null) {
                    List<ResourceChangeDetail> merged = new ArrayList<>(existing.details());
                    merged.addAll(details);
                    Replacement rep = existing.replacement() == Replacement.TRUE ? Replacement.TRUE
                            : mayForce ? Replacement.CONDITIONAL : existing.replacement();
                    ResourceChange updated = existing.toBuilder().details(merged).replacement(rep).build();
                    out.set(out.indexOf(existing), updated);
                    modified.put(r.logicalId(), updated);
                } else {
                    ResourceChange rc = ResourceChange.builder().action("Modify").logicalResourceId(r.logicalId())
                            .physicalResourceId(s.physicalIds.get(r.logicalId())).resourceType(r.type())
                            .replacement(mayForce ? Replacement.CONDITIONAL : Replacement.FALSE)
                            .scope(ResourceAttribute.PROPERTIES).details(details).build();
                    modified.put(r.logicalId(), rc);
                    out.add(rc);
                }
            }
        }
        for (Resource r : before.values()) {
            if (!after.containsKey(r.logicalId())) {
                out.add(ResourceChange.builder().action("Remove").logicalResourceId(r.logicalId())
                        .physicalResourceId(s.physicalIds.get(r.logicalId())).resourceType(r.type()).build());
            }
        }
        return out;
    }

    /** Top-level properties of {@code r} that Ref, GetAtt or Sub the logical id {@code target}. */
    private static Set<String> propertiesReferring(Resource r, String target) {
        Set<String> out = new LinkedHashSet<>();
        r.properties().forEach((k, v) -> {
            if (refersTo(v, target)) {
                out.add(k);
            }
        });
        return out;
    }

    private static boolean refersTo(Object node, String target) {
        if (target.equals(Intrinsics.ref(node))) {
            return true;
        }
        List<String> att = Intrinsics.getAtt(node);
        if (att != null && !att.isEmpty() && target.equals(att.get(0))) {
            return true;
        }
        String sub = Intrinsics.subTemplate(node);
        if (sub != null && Intrinsics.subReferences(sub).stream().anyMatch(n -> n.equals(target) || n.startsWith(target + "."))) {
            return true;
        }
        if (node instanceof Map<?, ?> m) {
            return m.values().stream().anyMatch(v -> refersTo(v, target));
        }
        if (node instanceof List<?> l) {
            return l.stream().anyMatch(v -> refersTo(v, target));
        }
        return false;
    }

    /**
     * Properties with parameters and pseudo parameters substituted; references to resources stay
     * symbolic, so two templates compare equal when they say the same thing.
     */
    private Map<String, Object> render(Map<String, Object> props, StackState s, Map<String, String> params) {
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) resolve(props, s, params, id -> "{resource:" + id + "}", (id, att) -> "{resource:" + id + "." + att + "}");
        return out;
    }

    private Object resolve(Object node, StackState s, Map<String, String> params, Function<String, String> resourceRef,
                           java.util.function.BiFunction<String, String, String> getAtt) {
        String ref = Intrinsics.ref(node);
        if (ref != null) {
            String v = pseudoOrParam(ref, s, params);
            return v != null ? v : resourceRef.apply(ref);
        }
        List<String> att = Intrinsics.getAtt(node);
        if (att != null && att.size() == 2) {
            return getAtt.apply(att.get(0), att.get(1));
        }
        String sub = Intrinsics.subTemplate(node);
        if (sub != null) {
            Map<?, ?> vars = Intrinsics.subVariables(node);
            Matcher m = Pattern.compile("\\$\\{(?!!)([^}]+)}").matcher(sub);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                String name = m.group(1).trim();
                String v;
                if (vars.containsKey(name)) {
                    v = String.valueOf(resolve(vars.get(name), s, params, resourceRef, getAtt));
                } else if (name.contains(".") && !name.startsWith("AWS::")) {
                    v = getAtt.apply(name.substring(0, name.indexOf('.')), name.substring(name.indexOf('.') + 1));
                } else {
                    String pv = pseudoOrParam(name, s, params);
                    v = pv != null ? pv : resourceRef.apply(name);
                }
                m.appendReplacement(b, Matcher.quoteReplacement(v));
            }
            m.appendTail(b);
            return b.toString().replace("${!", "${");
        }
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), resolve(v, s, params, resourceRef, getAtt)));
            return out;
        }
        if (node instanceof List<?> l) {
            return l.stream().map(v -> resolve(v, s, params, resourceRef, getAtt)).toList();
        }
        return node == null ? null : String.valueOf(node);
    }

    private String pseudoOrParam(String name, StackState s, Map<String, String> params) {
        return switch (name) {
            case "AWS::Region" -> region;
            case "AWS::AccountId" -> account;
            case "AWS::StackName" -> s.name;
            case "AWS::StackId" -> s.id;
            case "AWS::Partition" -> "aws";
            case "AWS::URLSuffix" -> "amazonaws.com";
            case "AWS::NoValue" -> "";
            default -> params.get(name);
        };
    }

    private Map<String, String> renderOutputs(StackState s) {
        Map<String, String> out = new LinkedHashMap<>();
        s.template.outputs().forEach((k, v) -> {
            if (v instanceof Map<?, ?> m) {
                Object value = resolve(m.get("Value"), s, s.parameters, id -> s.physicalIds.getOrDefault(id, id),
                        (id, att) -> "arn:aws:fake:" + region + ":" + account + ":" + s.physicalIds.getOrDefault(id, id) + "/" + att);
                out.put(k, String.valueOf(value));
            }
        });
        return out;
    }

    private Map<String, String> checkParameters(Template t, List<Parameter> given) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Parameter p : given) {
            if (!t.parameters().containsKey(p.parameterKey())) {
                throw error("ValidationError", 400, "Parameters: [" + p.parameterKey() + "] do not exist in the template");
            }
            values.put(p.parameterKey(), p.parameterValue());
        }
        List<String> missing = new ArrayList<>();
        Map<String, String> effective = new LinkedHashMap<>();
        t.parameters().forEach((name, def) -> {
            Map<?, ?> d = def instanceof Map<?, ?> m ? m : Map.of();
            String v = values.containsKey(name) ? values.get(name) : d.get("Default") == null ? null : String.valueOf(d.get("Default"));
            if (v == null) {
                missing.add(name);
                return;
            }
            if (d.get("AllowedValues") instanceof List<?> allowed && allowed.stream().map(String::valueOf).noneMatch(v::equals)) {
                throw error("ValidationError", 400, "Parameter '" + name + "' must be one of AllowedValues");
            }
            if (d.get("AllowedPattern") instanceof String pattern && !v.matches(pattern)) {
                throw error("ValidationError", 400, "Parameter '" + name + "' must match pattern " + pattern);
            }
            if ("Number".equals(d.get("Type")) && !v.matches("-?[0-9]+(\\.[0-9]+)?")) {
                throw error("ValidationError", 400, "Parameter '" + name + "' must be a number");
            }
            effective.put(name, v);
        });
        if (!missing.isEmpty()) {
            throw error("ValidationError", 400, "Parameters: [" + String.join(", ", missing) + "] must have values");
        }
        return effective;
    }

    private static Map<String, String> effectiveParameters(Template t, Map<String, String> given) {
        Map<String, String> out = new LinkedHashMap<>();
        t.parameters().forEach((name, def) -> {
            Map<?, ?> d = def instanceof Map<?, ?> m ? m : Map.of();
            String v = given.containsKey(name) ? given.get(name) : d.get("Default") == null ? null : String.valueOf(d.get("Default"));
            if (v != null) {
                out.put(name, v);
            }
        });
        return out;
    }

    private void checkCapabilities(Template t, List<Capability> given) {
        boolean iam = false;
        boolean named = false;
        for (Resource r : t.resources().values()) {
            if (IAM_TYPES.contains(r.type())) {
                iam = true;
                String np = IAM_NAMES.get(r.type());
                named |= np != null && r.property(np) != null;
            }
        }
        if (named && !given.contains(Capability.CAPABILITY_NAMED_IAM)) {
            throw error("InsufficientCapabilitiesException", 400, "Requires capabilities : [CAPABILITY_NAMED_IAM]");
        }
        if (iam && !given.contains(Capability.CAPABILITY_IAM) && !given.contains(Capability.CAPABILITY_NAMED_IAM)) {
            throw error("InsufficientCapabilitiesException", 400, "Requires capabilities : [CAPABILITY_IAM]");
        }
        if (t.hasTransform() && !given.contains(Capability.CAPABILITY_AUTO_EXPAND)) {
            throw error("InsufficientCapabilitiesException", 400, "Requires capabilities : [CAPABILITY_AUTO_EXPAND]");
        }
    }

    /** ClientRequestToken (ExecuteChangeSet, DeleteStack, ...): 1 to 128 of [a-zA-Z0-9][-a-zA-Z0-9]*. */
    private static void checkClientRequestToken(String token) {
        if (token == null) {
            return;
        }
        if (token.isEmpty() || token.length() > 128) {
            throw error("ValidationError", 400, "1 validation error detected: Value '" + token
                    + "' at 'clientRequestToken' failed to satisfy constraint: Member must have length less than or equal to 128");
        }
        if (!token.matches("[a-zA-Z0-9][-a-zA-Z0-9]*")) {
            throw error("ValidationError", 400, "1 validation error detected: Value '" + token
                    + "' at 'clientRequestToken' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9][-a-zA-Z0-9]*");
        }
    }

    /** At most 50 tags; keys of 1 to 128 characters, values of 1 to 256. */
    private static void checkTags(List<Tag> tags) {
        if (tags.size() > 50) {
            throw error("ValidationError", 400, "1 validation error detected: Value at 'tags' failed to satisfy constraint: "
                    + "Member must have length less than or equal to 50");
        }
        for (Tag t : tags) {
            if (t.key() == null || t.key().isEmpty() || t.key().length() > 128) {
                throw error("ValidationError", 400, "1 validation error detected: Value '" + t.key()
                        + "' at 'tags.member.key' failed to satisfy constraint: Member must have length less than or equal to 128");
            }
            if (t.value() == null || t.value().isEmpty() || t.value().length() > 256) {
                throw error("ValidationError", 400, "1 validation error detected: Value '" + t.value()
                        + "' at 'tags.member.value' failed to satisfy constraint: Member must have length less than or equal to 256");
            }
        }
    }

    private String templateOf(CreateChangeSetRequest r) {
        if ((r.templateBody() == null) == (r.templateURL() == null)) {
            throw error("ValidationError", 400, "Specify exactly one of TemplateBody or TemplateURL.");
        }
        if (r.templateBody() != null) {
            if (r.templateBody().getBytes(StandardCharsets.UTF_8).length > 51_200) {
                throw error("ValidationError", 400, "1 validation error detected: Value at 'templateBody' failed to satisfy constraint: "
                        + "Member must have length less than or equal to 51200");
            }
            return r.templateBody();
        }
        String body = templateUrlReader == null ? null : templateUrlReader.apply(r.templateURL());
        if (body == null) {
            throw error("ValidationError", 400, "TemplateURL must be a supported URL.");
        }
        return body;
    }

    // ================================================================== state

    private static final class StackState {
        String id;
        String name;
        String status;
        String statusReason;
        Instant created;
        Instant lastUpdated;
        Instant deleted;
        String templateBody;
        Template template;
        Map<String, String> parameters = new LinkedHashMap<>();
        Map<String, String> tags = new LinkedHashMap<>();
        Map<String, String> outputs = new LinkedHashMap<>();
        List<Capability> capabilities = List.of();
        String roleArn;
        String description;
        boolean terminationProtection;
        String stackPolicy;
        final Map<String, String> physicalIds = new LinkedHashMap<>();
        /** Function ARN → the last version number published, as Lambda numbers them (never reused). */
        final Map<String, Integer> versions = new HashMap<>();
        final Map<String, ChangeSetState> changeSets = new LinkedHashMap<>();
        final List<StackEvent> events = new ArrayList<>();
        final List<String> executeTokens = new ArrayList<>();
        /** Drift a test put on resources: logical id → property differences (empty: the resource was deleted). */
        final Map<String, List<PropertyDifference>> drift = new LinkedHashMap<>();
        String driftStatus = "NOT_CHECKED";
        Instant driftCheckedAt;
        final Map<String, StackResourceDrift> lastDrift = new LinkedHashMap<>();

        /** DescribeStacks masks a NoEcho parameter's value as {@code ****}. */
        boolean noEcho(String parameter) {
            return template != null && template.parameters().get(parameter) instanceof Map<?, ?> d
                    && "true".equalsIgnoreCase(String.valueOf(d.get("NoEcho")));
        }

        Stack toStack() {
            return Stack.builder().stackId(id).stackName(name).stackStatus(status).stackStatusReason(statusReason)
                    .creationTime(created).lastUpdatedTime(lastUpdated).deletionTime(deleted).description(description)
                    .enableTerminationProtection(terminationProtection).roleARN(roleArn).capabilities(capabilities)
                    .parameters(parameters.entrySet().stream().map(e -> Parameter.builder().parameterKey(e.getKey())
                            .parameterValue(noEcho(e.getKey()) ? "****" : e.getValue()).build()).toList())
                    .tags(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())
                    .outputs(outputs.entrySet().stream().map(e -> Output.builder().outputKey(e.getKey()).outputValue(e.getValue()).build()).toList())
                    .driftInformation(StackDriftInformation.builder().stackDriftStatus(driftStatus).lastCheckTimestamp(driftCheckedAt).build())
                    .build();
        }
    }

    private static final class ChangeSetState {
        String id;
        String name;
        StackState stack;
        ChangeSetType type;
        String clientToken;
        String description;
        String templateBody;
        Template template;
        Map<String, String> parameters;
        List<Capability> capabilities;
        Map<String, String> tags;
        String roleArn;
        Instant createdAt;
        ChangeSetStatus status;
        ExecutionStatus executionStatus;
        String statusReason;
        List<ResourceChange> changes;
    }

    private record Step(Instant at, long seq, Runnable apply) implements Comparable<Step> {
        @Override
        public int compareTo(Step o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private StackState newStack(String name, Instant at) {
        StackState s = new StackState();
        s.id = "arn:aws:cloudformation:" + region + ":" + account + ":stack/" + name + "/" + UUID.randomUUID();
        s.name = name;
        s.created = at;
        stacksById.put(s.id, s);
        liveIdByName.put(name, s.id);
        return s;
    }

    private String physicalId(StackState s, Template t, Resource r) {
        if (r == null) {
            return s.name + "-" + UUID.randomUUID().toString().substring(0, 8);
        }
        // A version's physical id (and Ref) is its ARN, the function's ARN with the next version number;
        // an alias's is the function's ARN with the alias name.
        if (r.isType("AWS::Lambda::Version") || r.isType("AWS::Lambda::Alias")) {
            String function = functionArn(s, t, r.property("FunctionName"));
            if (r.isType("AWS::Lambda::Alias")) {
                return function + ":" + resolve(r.property("Name"), s, s.parameters, id -> id, (id, att) -> id + "." + att);
            }
            return function + ":" + s.versions.merge(function, 1, Integer::sum);
        }
        for (String p : List.of("TableName", "FunctionName", "BucketName", "RoleName", "LogGroupName", "QueueName")) {
            Object v = r.property(p);
            if (v != null) {
                Object resolved = resolve(v, s, s.parameters, id -> id, (id, att) -> id + "." + att);
                return String.valueOf(resolved);
            }
        }
        return s.name + "-" + r.logicalId() + "-" + UUID.randomUUID().toString().substring(0, 12).replace("-", "").toUpperCase(java.util.Locale.ROOT);
    }

    /** The unqualified ARN a version's or alias's FunctionName (a name, an ARN, or a Ref to a function of {@code t}) names. */
    private String functionArn(StackState s, Template t, Object functionName) {
        String name = String.valueOf(resolve(functionName, s, s.parameters, id -> {
            String known = s.physicalIds.get(id);
            Resource target = t.resources().get(id);
            return known != null ? known : target != null ? physicalId(s, t, target) : id;
        }, (id, att) -> id + "." + att));
        if (name.startsWith("arn:")) {
            return name;
        }
        return "arn:aws:lambda:" + region + ":" + account + ":function:" + name;
    }

    private void stackEvent(StackState s, Instant at, String status, String reason, String token) {
        s.events.add(StackEvent.builder().eventId(UUID.randomUUID().toString()).stackId(s.id).stackName(s.name)
                .logicalResourceId(s.name).physicalResourceId(s.id).resourceType(STACK_TYPE).timestamp(at)
                .resourceStatus(status).resourceStatusReason(reason).clientRequestToken(token).build());
    }

    private void resourceEvent(StackState s, Instant at, String logicalId, String type, String physicalId, String status, String reason, String token) {
        s.events.add(StackEvent.builder().eventId(logicalId + "-" + status + "-" + UUID.randomUUID()).stackId(s.id).stackName(s.name)
                .logicalResourceId(logicalId).physicalResourceId(physicalId).resourceType(type).timestamp(at)
                .resourceStatus(status).resourceStatusReason(reason).clientRequestToken(token).build());
    }

    private void schedule(Instant at, Runnable apply) {
        timeline.add(new Step(at, sequence.incrementAndGet(), apply));
    }

    /** Applies every step whose time has come, in order. */
    private void advance() {
        Instant now = now();
        while (!timeline.isEmpty() && !timeline.peek().at().isAfter(now)) {
            timeline.poll().apply().run();
        }
    }

    private Instant now() {
        return clock.instant();
    }

    private StackState find(String nameOrId) {
        if (nameOrId == null) {
            return null;
        }
        if (nameOrId.startsWith("arn:")) {
            return stacksById.get(nameOrId);
        }
        String id = liveIdByName.get(nameOrId);
        return id == null ? null : stacksById.get(id);
    }

    private StackState require(String nameOrId) {
        StackState s = find(nameOrId);
        if (s == null || "DELETE_COMPLETE".equals(s.status)) {
            throw error("ValidationError", 400, "Stack with id " + nameOrId + " does not exist");
        }
        return s;
    }

    private StackState live(String name) {
        String id = liveIdByName.get(name);
        if (id == null) {
            throw new IllegalArgumentException("no live stack " + name + " in " + account + "/" + region);
        }
        return stacksById.get(id);
    }

    private ChangeSetState changeSet(String nameOrArn, String stackName) {
        if (nameOrArn != null && nameOrArn.startsWith("arn:")) {
            for (StackState s : stacksById.values()) {
                for (ChangeSetState cs : s.changeSets.values()) {
                    if (cs.id.equals(nameOrArn)) {
                        return cs;
                    }
                }
            }
        } else {
            StackState s = find(stackName);
            if (s != null && s.changeSets.containsKey(nameOrArn)) {
                return s.changeSets.get(nameOrArn);
            }
        }
        String shortName = nameOrArn != null && nameOrArn.startsWith("arn:") ? nameOrArn.split("[:/]")[6] : nameOrArn;
        throw error("ChangeSetNotFound", 404, "ChangeSet [" + shortName + "] does not exist");
    }

    private <T> T call(String op, Supplier<T> body) {
        calls.computeIfAbsent(op, k -> new AtomicInteger()).incrementAndGet();
        Duration latency = timing.latency();
        if (!latency.isZero()) {
            try {
                Thread.sleep(latency.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        AtomicInteger empty = emptyAnswers.get(op);
        if (empty != null && empty.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            int status = emptyStatus.get(op);
            throw (CloudFormationException) CloudFormationException.builder()
                    .awsErrorDetails(AwsErrorDetails.builder().serviceName("CloudFormation")
                            .sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build()).build())
                    .statusCode(status).build();
        }
        if (throttleBurst.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            throttled.incrementAndGet();
            throw error("Throttling", 400, "Rate exceeded");
        }
        T result;
        synchronized (this) {
            advance();
            result = body.get();
        }
        Runnable hook = afterCall.remove(op);
        if (hook != null) {
            hook.run();
        }
        return result;
    }

    static CloudFormationException error(String code, int status, String message) {
        AwsErrorDetails details = AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("CloudFormation")
                .sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build()).build();
        CloudFormationException.Builder b = switch (code) {
            case "InsufficientCapabilitiesException" -> InsufficientCapabilitiesException.builder();
            case "AlreadyExistsException" -> AlreadyExistsException.builder();
            case "ChangeSetNotFound" -> ChangeSetNotFoundException.builder();
            case "InvalidChangeSetStatus" -> InvalidChangeSetStatusException.builder();
            case "TokenAlreadyExistsException" -> software.amazon.awssdk.services.cloudformation.model.TokenAlreadyExistsException.builder();
            default -> CloudFormationException.builder();
        };
        b.awsErrorDetails(details).statusCode(status).requestId(UUID.randomUUID().toString()).message(message);
        return (CloudFormationException) b.build();
    }
}
