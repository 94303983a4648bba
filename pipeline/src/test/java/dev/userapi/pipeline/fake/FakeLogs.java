package dev.userapi.pipeline.fake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsServiceClientConfiguration;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * CloudWatch Logs of one account and region, as {@code FilterLogEvents} documents it: events of a log
 * group between {@code startTime} (inclusive) and {@code endTime} (inclusive), in milliseconds since the
 * epoch, sorted by timestamp then ingestion; pages of at most {@code limit} events (default 10,000)
 * with a {@code nextToken}; {@code ResourceNotFoundException} for a missing group. A filter pattern is
 * matched as CloudWatch matches unstructured terms: every term (or quoted phrase) must occur, case-sensitively.
 */
public final class FakeLogs implements CloudWatchLogsClient {
    private final String region;
    private final Map<String, List<FilteredLogEvent>> groups = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private int calls;

    public FakeLogs(String region) {
        this.region = region;
    }

    public synchronized FakeLogs group(String name) {
        groups.computeIfAbsent(name, k -> new ArrayList<>());
        return this;
    }

    /** An event as Lambda writes it: in {@code group}, stream {@code stream}, at {@code at}. */
    public synchronized FakeLogs put(String group, String stream, Instant at, String message) {
        groups.computeIfAbsent(group, k -> new ArrayList<>()).add(FilteredLogEvent.builder()
                .logStreamName(stream).timestamp(at.toEpochMilli()).ingestionTime(at.toEpochMilli() + 200)
                .message(message).eventId(String.format("%056d", ids.incrementAndGet())).build());
        return this;
    }

    public synchronized int calls() {
        return calls;
    }

    @Override
    public synchronized FilterLogEventsResponse filterLogEvents(FilterLogEventsRequest r) {
        calls++;
        if (r.logGroupName() == null && r.logGroupIdentifier() == null) {
            throw InvalidParameterException.builder().statusCode(400)
                    .awsErrorDetails(details("InvalidParameterException", "Either logGroupName or logGroupIdentifier must be specified")).build();
        }
        String name = r.logGroupName() != null ? r.logGroupName() : r.logGroupIdentifier();
        List<FilteredLogEvent> events = groups.get(name);
        if (events == null) {
            throw ResourceNotFoundException.builder().statusCode(400)
                    .message("The specified log group does not exist.")
                    .awsErrorDetails(details("ResourceNotFoundException", "The specified log group does not exist.")).build();
        }
        int limit = r.limit() == null ? 10_000 : r.limit();
        List<FilteredLogEvent> matching = events.stream()
                .filter(e -> r.startTime() == null || e.timestamp() >= r.startTime())
                .filter(e -> r.endTime() == null || e.timestamp() <= r.endTime())
                .filter(e -> matches(r.filterPattern(), e.message()))
                .sorted(Comparator.comparing(FilteredLogEvent::timestamp).thenComparing(FilteredLogEvent::ingestionTime)
                        .thenComparing(FilteredLogEvent::eventId))
                .toList();
        int from = r.nextToken() == null ? 0 : Integer.parseInt(r.nextToken());
        int to = Math.min(matching.size(), from + limit);
        return FilterLogEventsResponse.builder().events(matching.subList(from, to))
                .nextToken(to < matching.size() ? String.valueOf(to) : null).build();
    }

    static boolean matches(String pattern, String message) {
        if (pattern == null || pattern.isBlank()) {
            return true;
        }
        List<String> terms = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(pattern);
        while (m.find()) {
            terms.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return terms.stream().allMatch(message::contains);
    }

    private static AwsErrorDetails details(String code, String message) {
        return AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("CloudWatchLogs")
                .sdkHttpResponse(SdkHttpResponse.builder().statusCode(400).build()).build();
    }

    @Override
    public String serviceName() {
        return "logs";
    }

    @Override
    public CloudWatchLogsServiceClientConfiguration serviceClientConfiguration() {
        return CloudWatchLogsServiceClientConfiguration.builder().region(software.amazon.awssdk.regions.Region.of(region)).build();
    }

    @Override
    public void close() {
    }
}
