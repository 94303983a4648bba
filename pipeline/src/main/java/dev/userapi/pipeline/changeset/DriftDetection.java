package dev.userapi.pipeline.changeset;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackDriftDetectionStatusResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackResourceDriftsResponse;
import software.amazon.awssdk.services.cloudformation.model.StackDriftDetectionStatus;
import software.amazon.awssdk.services.cloudformation.model.StackResourceDriftStatus;

/**
 * CloudFormation's drift detection on one stack: {@code DetectStackDrift}, then
 * {@code DescribeStackDriftDetectionStatus} until it is no longer {@code DETECTION_IN_PROGRESS}, then
 * the resources whose status is {@code MODIFIED} or {@code DELETED} from
 * {@code DescribeStackResourceDrifts}, every page. A detection can end {@code DETECTION_FAILED} with
 * results for the resources it could check (some types do not support drift): those results are
 * kept, and the reason reported.
 */
public final class DriftDetection {
    private final CloudFormationClient cfn;
    private final Poller poller;
    private final Duration timeout;

    /** @param timeout how long a detection may run before the command stops waiting for it */
    public DriftDetection(CloudFormationClient cfn, Poller poller, Duration timeout) {
        this.cfn = cfn;
        this.poller = poller;
        this.timeout = timeout;
    }

    /**
     * One property that differs: where, how ({@code ADD}, {@code REMOVE} or {@code NOT_EQUAL}), and the
     * values as CloudFormation reports them (JSON text, nullable).
     */
    public record PropertyDifference(String path, String type, String expected, String actual) {
    }

    /** @param status {@code MODIFIED} or {@code DELETED} */
    public record ResourceDrift(String logicalId, String physicalId, String type, String status,
                                List<PropertyDifference> differences) {
        public ResourceDrift {
            differences = List.copyOf(differences);
        }
    }

    /**
     * @param stackStatus   {@code DRIFTED}, {@code IN_SYNC}, {@code UNKNOWN} or {@code NOT_CHECKED}
     * @param failureReason null unless the detection ended {@code DETECTION_FAILED}
     */
    public record Result(String stackStatus, Instant checkedAt, List<ResourceDrift> drifted, String failureReason) {
        public Result {
            drifted = List.copyOf(drifted);
        }

        public boolean isDrifted() {
            return "DRIFTED".equals(stackStatus) || !drifted.isEmpty();
        }
    }

    /** Runs a detection and waits for it. */
    public Result detect(String stackName) {
        String id = cfn.detectStackDrift(b -> b.stackName(stackName)).stackDriftDetectionId();
        DescribeStackDriftDetectionStatusResponse status;
        try {
            status = poller.until(timeout, () -> cfn.describeStackDriftDetectionStatus(b -> b.stackDriftDetectionId(id)),
                    s -> s.detectionStatus() != StackDriftDetectionStatus.DETECTION_IN_PROGRESS);
        } catch (Poller.TimedOut t) {
            throw DeployException.awsFailure("drift detection " + id + " on " + stackName + " still running after "
                    + timeout.toMinutes() + " minutes; see aws cloudformation describe-stack-drift-detection-status --stack-drift-detection-id " + id);
        }
        List<ResourceDrift> drifted = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            DescribeStackResourceDriftsResponse page = cfn.describeStackResourceDrifts(b -> b.stackName(stackName)
                    .stackResourceDriftStatusFilters(StackResourceDriftStatus.MODIFIED, StackResourceDriftStatus.DELETED)
                    .maxResults(100).nextToken(next));
            for (var d : page.stackResourceDrifts()) {
                List<PropertyDifference> diffs = d.propertyDifferences().stream()
                        .map(p -> new PropertyDifference(p.propertyPath(), p.differenceTypeAsString(), p.expectedValue(), p.actualValue()))
                        .toList();
                drifted.add(new ResourceDrift(d.logicalResourceId(), d.physicalResourceId(), d.resourceType(),
                        d.stackResourceDriftStatusAsString(), diffs));
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        String failure = status.detectionStatus() == StackDriftDetectionStatus.DETECTION_FAILED ? status.detectionStatusReason() : null;
        return new Result(status.stackDriftStatusAsString(), status.timestamp(), drifted, failure);
    }
}
