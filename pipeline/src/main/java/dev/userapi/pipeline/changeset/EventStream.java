package dev.userapi.pipeline.changeset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsResponse;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/**
 * The stack events that are new since the last look. DescribeStackEvents returns the whole history,
 * newest first, a page at a time; this remembers the newest event id it has seen, reads pages only
 * until it meets that id again, and hands back the new events oldest first. Events that carry another
 * operation's ClientRequestToken are left out.
 */
public final class EventStream {
    private final CloudFormationClient cfn;
    private final String stackId;
    private final String clientRequestToken;
    private String lastSeenId;
    private boolean started;

    /**
     * @param stackId            the stack ARN (stable even after the stack is deleted)
     * @param clientRequestToken the token of our operation, or null to keep every event
     */
    public EventStream(CloudFormationClient cfn, String stackId, String clientRequestToken) {
        this.cfn = cfn;
        this.stackId = stackId;
        this.clientRequestToken = clientRequestToken;
    }

    /** Marks everything that already happened as seen; call before starting the operation. One call. */
    public void markExisting() {
        DescribeStackEventsResponse page = cfn.describeStackEvents(b -> b.stackName(stackId));
        lastSeenId = page.stackEvents().isEmpty() ? null : page.stackEvents().get(0).eventId();
        started = true;
    }

    /** The events that appeared since the last call, oldest first. */
    public List<StackEvent> poll() {
        if (!started) {
            throw new IllegalStateException("markExisting() first");
        }
        List<StackEvent> fresh = new ArrayList<>();
        // Pages are read while the stack keeps writing events; an event that slides from one page
        // onto the next must still be printed once.
        Set<String> inThisPoll = new HashSet<>();
        String token = null;
        String newest = null;
        outer:
        do {
            String next = token;
            DescribeStackEventsResponse page = cfn.describeStackEvents(b -> b.stackName(stackId).nextToken(next));
            for (StackEvent e : page.stackEvents()) {
                if (newest == null) {
                    newest = e.eventId();
                }
                if (e.eventId().equals(lastSeenId)) {
                    break outer;
                }
                if (inThisPoll.add(e.eventId())) {
                    fresh.add(e);
                }
            }
            // An empty NextToken (an empty <NextToken/> element from some endpoints) also means the last page.
            token = page.nextToken() == null || page.nextToken().isEmpty() ? null : page.nextToken();
        } while (token != null);
        if (newest != null) {
            lastSeenId = newest;
        }
        Collections.reverse(fresh);
        if (clientRequestToken == null) {
            return fresh;
        }
        return fresh.stream()
                .filter(e -> e.clientRequestToken() == null || e.clientRequestToken().isEmpty()
                        || clientRequestToken.equals(e.clientRequestToken()))
                .toList();
    }

    /** A failed resource's event as a root cause: {@code LogicalId (Type) STATUS: reason}. */
    public static String describe(StackEvent e) {
        return e.logicalResourceId() + " (" + e.resourceType() + ") " + e.resourceStatusAsString() + ": " + e.resourceStatusReason();
    }

    /** Whether an event is about the stack itself rather than one of its resources. */
    public static boolean isStackEvent(StackEvent e) {
        return "AWS::CloudFormation::Stack".equals(e.resourceType()) && e.physicalResourceId() != null
                && e.physicalResourceId().equals(e.stackId());
    }
}
