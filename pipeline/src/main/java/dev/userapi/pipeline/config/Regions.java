package dev.userapi.pipeline.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The AWS regions a deploy may target, with the partition each belongs to (the partition decides
 * the {@code arn:PARTITION:} prefix of role ARNs and that account ids do not cross partitions).
 *
 * <p>A curated list rather than the SDK's {@code Region.regions()}: that one also contains pseudo
 * regions ({@code aws-global}) and isolated partitions nobody deploys this app to, and a typo like
 * {@code eu-west-9} must fail here, before any AWS call, not as a DNS error minutes later. Current as
 * of the AWS SDK 2.35 endpoint metadata (commercial, China, GovCloud); add new regions as AWS opens them.
 */
public final class Regions {
    private static final Map<String, String> PARTITION_BY_REGION = build();

    private Regions() {
    }

    private static Map<String, String> build() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String r : List.of(
                "us-east-1", "us-east-2", "us-west-1", "us-west-2",
                "af-south-1",
                "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
                "ap-south-1", "ap-south-2",
                "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
                "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
                "ca-central-1", "ca-west-1",
                "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2",
                "eu-west-1", "eu-west-2", "eu-west-3",
                "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1")) {
            m.put(r, "aws");
        }
        m.put("cn-north-1", "aws-cn");
        m.put("cn-northwest-1", "aws-cn");
        m.put("us-gov-east-1", "aws-us-gov");
        m.put("us-gov-west-1", "aws-us-gov");
        return Collections.unmodifiableMap(m);
    }

    public static boolean isKnown(String region) {
        return PARTITION_BY_REGION.containsKey(region);
    }

    /** {@code aws}, {@code aws-cn} or {@code aws-us-gov}; empty for an unknown region. */
    public static Optional<String> partition(String region) {
        return Optional.ofNullable(PARTITION_BY_REGION.get(region));
    }

    /** Every known region, commercial first. */
    public static List<String> all() {
        return List.copyOf(PARTITION_BY_REGION.keySet());
    }
}
