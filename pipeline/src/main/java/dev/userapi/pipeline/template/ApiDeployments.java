package dev.userapi.pipeline.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The logical id an {@code AWS::ApiGateway::Deployment} needs for its REST API's current definition.
 *
 * <p>A deployment is a snapshot: API Gateway serves a stage from the deployment it points at, and
 * CloudFormation creates a new deployment only when the Deployment resource is replaced, which for
 * plain CloudFormation means a new logical id. A route added or changed under a fixed id
 * ({@code ApiDeployment}) would be created in the API and never reach the stage. So the id carries
 * the first {@value #HASH_LENGTH} hex digits of a SHA-256 over the API's definition (the RestApi's
 * properties and those of every resource, method, authorizer, model, validator and gateway response
 * whose {@code RestApiId} is a {@code Ref} to it): {@code ApiDeployment1F0C7A9B3E}. A changed route
 * changes the id, so the deploy creates a deployment and moves the stage to it in one change set,
 * and the template in git stays the template CloudFormation runs (no rewriting at deploy time).
 */
public final class ApiDeployments {
    public static final int HASH_LENGTH = 10;
    private static final Pattern SUFFIX = Pattern.compile("[0-9A-F]{" + HASH_LENGTH + "}$");
    private static final Set<String> PARTS = Set.of("AWS::ApiGateway::Resource", "AWS::ApiGateway::Method",
            "AWS::ApiGateway::Authorizer", "AWS::ApiGateway::Model", "AWS::ApiGateway::RequestValidator",
            "AWS::ApiGateway::GatewayResponse", "AWS::ApiGateway::DocumentationPart");
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private ApiDeployments() {
    }

    /** The logical id of the RestApi a deployment's {@code RestApiId: !Ref X} names, if it is in the template. */
    public static Optional<String> restApiOf(Template template, Resource deployment) {
        if (deployment.property("RestApiId") instanceof Map<?, ?> ref && ref.size() == 1
                && ref.get("Ref") instanceof String id && template.resources().containsKey(id)
                && template.resources().get(id).isType("AWS::ApiGateway::RestApi")) {
            return Optional.of(id);
        }
        return Optional.empty();
    }

    /** The hash of the API's definition, {@value #HASH_LENGTH} upper-case hex digits. */
    public static String hash(Template template, String restApiId) {
        Map<String, Object> canonical = new TreeMap<>();
        canonical.put(restApiId, template.resources().get(restApiId).properties());
        for (Resource r : template.resources().values()) {
            if (PARTS.contains(r.type()) && r.property("RestApiId") instanceof Map<?, ?> ref
                    && restApiId.equals(ref.get("Ref"))) {
                Map<String, Object> part = new LinkedHashMap<>();
                part.put("Type", r.type());
                part.put("Properties", r.properties());
                canonical.put(r.logicalId(), part);
            }
        }
        try {
            byte[] json = CANONICAL.writeValueAsBytes(canonical);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json);
            return HexFormat.of().withUpperCase().formatHex(digest).substring(0, HASH_LENGTH);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash the API definition of " + restApiId, e);
        }
    }

    /** {@code ApiDeployment1F0C7A9B3E} → {@code ApiDeployment}; an id without a hash is returned as it is. */
    public static String baseName(String logicalId) {
        String base = SUFFIX.matcher(logicalId).replaceFirst("");
        return base.isEmpty() ? logicalId : base;
    }

    /** The logical id the deployment should have now. */
    public static String expectedId(Template template, Resource deployment, String restApiId) {
        return baseName(deployment.logicalId()) + hash(template, restApiId);
    }
}
