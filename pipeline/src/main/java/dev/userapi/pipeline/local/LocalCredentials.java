package dev.userapi.pipeline.local;

import dev.userapi.pipeline.local.LocalApp.LocalCaller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The keys of {@code pipeline local}'s callers, derived from the stack name and the policy's logical
 * id: stable across runs (the README's signed curl commands keep working), distinct per policy, and
 * shaped like AWS's ({@code AKIA} + 16 characters of {@code A-Z2-7}) so every SigV4 client takes them.
 */
final class LocalCredentials {
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private LocalCredentials() {
    }

    static LocalCaller caller(LocalEnvironment env, String policyLogicalId, List<String> allowedResources, int line) {
        String name = kebab(policyLogicalId.endsWith("Policy") && policyLogicalId.length() > 6
                ? policyLogicalId.substring(0, policyLogicalId.length() - 6) : policyLogicalId);
        String seed = env.stackName() + "/" + policyLogicalId;
        String accessKeyId = "AKIA" + base32(sha256("access-key/" + seed), 16);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(sha256("secret/" + seed)).substring(0, 40);
        String userId = "AIDA" + base32(sha256("user-id/" + seed), 17);
        String userArn = "arn:" + env.partition() + ":iam::" + env.accountId() + ":user/" + env.stackName() + "-" + name;
        return new LocalCaller(policyLogicalId, name, accessKeyId, secret, userArn, userId, List.copyOf(allowedResources), line);
    }

    /** {@code ApiReader} → {@code api-reader}. */
    static String kebab(String id) {
        return id.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String base32(byte[] bytes, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; out.length() < length; i++) {
            out.append(BASE32.charAt((bytes[i % bytes.length] & 0xff) % 32));
        }
        return out.toString();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
