package dev.userapi.pipeline.changeset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsResponse;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

class EventStreamTest {
    static final String STACK = "arn:aws:cloudformation:eu-west-1:222222222222:stack/s/1";

    /** A stack's event history, newest first, two per page, as DescribeStackEvents pages it. */
    static class History implements CloudFormationClient {
        final List<StackEvent> oldestFirst = new ArrayList<>();
        int calls;

        void add(String id, String token) {
            oldestFirst.add(StackEvent.builder().eventId(id).stackId(STACK).logicalResourceId("R").resourceType("AWS::S3::Bucket")
                    .resourceStatus("CREATE_COMPLETE").timestamp(Instant.EPOCH.plusSeconds(oldestFirst.size())).clientRequestToken(token).build());
        }

        @Override
        public DescribeStackEventsResponse describeStackEvents(DescribeStackEventsRequest r) {
            calls++;
            List<StackEvent> newest = new ArrayList<>(oldestFirst);
            java.util.Collections.reverse(newest);
            int from = r.nextToken() == null ? 0 : Integer.parseInt(r.nextToken());
            int to = Math.min(newest.size(), from + 2);
            return DescribeStackEventsResponse.builder().stackEvents(newest.subList(from, to))
                    .nextToken(to < newest.size() ? String.valueOf(to) : null).build();
        }

        @Override
        public String serviceName() {
            return "cloudformation";
        }

        @Override
        public void close() {
        }
    }

    static List<String> ids(List<StackEvent> events) {
        return events.stream().map(StackEvent::eventId).toList();
    }

    @Test
    void returnsOnlyNewEventsOldestFirstReadingNoMorePagesThanNeeded() {
        History h = new History();
        for (int i = 1; i <= 7; i++) {
            h.add("old" + i, null);
        }
        EventStream s = new EventStream(h, STACK, "exec-1");
        s.markExisting();
        assertEquals(List.of(), s.poll(), "history is not replayed");
        h.add("e1", "exec-1");
        h.add("e2", "exec-1");
        h.add("e3", "exec-1");
        h.calls = 0;
        assertEquals(List.of("e1", "e2", "e3"), ids(s.poll()));
        assertEquals(2, h.calls, "three new events: two pages, then the last-seen id stops the reading");
        h.add("e4", "exec-1");
        assertEquals(List.of("e4"), ids(s.poll()));
        assertEquals(List.of(), s.poll());
    }

    @Test
    void leavesOutEventsOfAnotherOperation() {
        History h = new History();
        EventStream s = new EventStream(h, STACK, "exec-1");
        s.markExisting();
        h.add("mine", "exec-1");
        h.add("theirs", "Console-UpdateStack-x");
        h.add("untagged", null);
        assertEquals(List.of("mine", "untagged"), ids(s.poll()), "an event without a token is kept: some endpoints send none");
    }

    @Test
    void anEventThatSlidesOntoTheNextPageWhileReadingIsReturnedOnce() {
        // Pages here count from the newest event, so an event written between two page reads pushes
        // the last event of the first page onto the second.
        History h = new History() {
            @Override
            public DescribeStackEventsResponse describeStackEvents(DescribeStackEventsRequest r) {
                DescribeStackEventsResponse page = super.describeStackEvents(r);
                if (r.nextToken() == null && oldestFirst.size() == 4) {
                    add("late", "exec-1");
                }
                return page;
            }
        };
        h.add("old", null);
        EventStream s = new EventStream(h, STACK, "exec-1");
        s.markExisting();
        h.add("e1", "exec-1");
        h.add("e2", "exec-1");
        h.add("e3", "exec-1");
        assertEquals(List.of("e1", "e2", "e3"), ids(s.poll()), "e2 appeared on both pages; printed once");
        assertEquals(List.of("late"), ids(s.poll()));
    }

    @Test
    void anEmptyNextTokenEndsThePaging() {
        History onePage = new History() {
            @Override
            public DescribeStackEventsResponse describeStackEvents(DescribeStackEventsRequest r) {
                if (++calls > 5) {
                    throw new IllegalStateException("still paging after " + calls + " calls");
                }
                List<StackEvent> newest = new ArrayList<>(oldestFirst);
                java.util.Collections.reverse(newest);
                return DescribeStackEventsResponse.builder().stackEvents(newest).nextToken("").build();
            }
        };
        EventStream stream = new EventStream(onePage, STACK, null);
        stream.markExisting();
        onePage.add("e1", null);
        onePage.add("e2", null);
        onePage.add("e3", null);
        assertEquals(List.of("e1", "e2", "e3"), stream.poll().stream().map(StackEvent::eventId).toList());
        assertEquals(2, onePage.calls, "one look to mark, one page to read");
    }
}
