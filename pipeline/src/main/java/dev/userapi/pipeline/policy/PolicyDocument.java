package dev.userapi.pipeline.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userapi.pipeline.template.Resource;
import dev.userapi.pipeline.template.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An IAM policy document written in a template, with what kind of policy it is and where.
 *
 * @param kind decides which rules apply: {@code Resource: "*"} means "everything" in an identity
 *             policy but "this resource" in a key policy
 * @param path the path of the document itself ({@code Resources/Role/Properties/Policies/0/PolicyDocument})
 */
public record PolicyDocument(Kind kind, Resource resource, List<Object> path, Object document) {

    public enum Kind {
        /** Grants its holder (a role, user, group, managed policy or boundary) permissions. */
        IDENTITY,
        /** A role's AssumeRolePolicyDocument: who may become the role. */
        TRUST,
        /** Attached to a resource (bucket, queue, topic, key, secret): who may use it. */
        RESOURCE
    }

    /** Resource types whose {@code Policies} list holds inline identity policies. */
    private static final List<String> INLINE_POLICY_HOLDERS = List.of("AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group");
    /** Resource types whose {@code PolicyDocument} is an identity policy. */
    private static final List<String> IDENTITY_POLICIES = List.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy",
            "AWS::IAM::RolePolicy", "AWS::IAM::UserPolicy", "AWS::IAM::GroupPolicy");
    /** Where a resource-based policy sits: the property that holds the document, and what it protects. */
    private record Holder(String property, String subject) {
    }

    /** Resource-based policies: type → the property that holds the document and what the policy guards. */
    private static final Map<String, Holder> RESOURCE_POLICIES = Map.ofEntries(
            Map.entry("AWS::S3::BucketPolicy", new Holder("PolicyDocument", "the bucket")),
            Map.entry("AWS::SQS::QueuePolicy", new Holder("PolicyDocument", "the queue")),
            Map.entry("AWS::SNS::TopicPolicy", new Holder("PolicyDocument", "the topic")),
            Map.entry("AWS::KMS::Key", new Holder("KeyPolicy", "the key")),
            Map.entry("AWS::KMS::ReplicaKey", new Holder("KeyPolicy", "the key")),
            Map.entry("AWS::SecretsManager::ResourcePolicy", new Holder("ResourcePolicy", "the secret")),
            Map.entry("AWS::ApiGateway::RestApi", new Holder("Policy", "the API")),
            Map.entry("AWS::ECR::Repository", new Holder("RepositoryPolicyText", "the repository")),
            Map.entry("AWS::EFS::FileSystem", new Holder("FileSystemPolicy", "the file system")),
            Map.entry("AWS::Backup::BackupVault", new Holder("AccessPolicy", "the backup vault")),
            Map.entry("AWS::OpenSearchService::Domain", new Holder("AccessPolicies", "the domain")),
            Map.entry("AWS::Elasticsearch::Domain", new Holder("AccessPolicies", "the domain")),
            Map.entry("AWS::S3::AccessPoint", new Holder("Policy", "the access point")));

    /** Loaded only for a document written as a JSON string: Jackson's start-up is most of a cold run otherwise. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /** Every policy document of the template, in template order. */
    public static List<PolicyDocument> in(Template template) {
        List<PolicyDocument> out = new ArrayList<>();
        for (Resource r : template.resources().values()) {
            List<Object> props = List.of("Resources", r.logicalId(), "Properties");
            if (r.isType("AWS::IAM::Role")) {
                add(out, Kind.TRUST, r, Nodes.append(props, "AssumeRolePolicyDocument"), r.property("AssumeRolePolicyDocument"));
            }
            if (INLINE_POLICY_HOLDERS.contains(r.type())) {
                for (Located policy : Nodes.alternatives(r.property("Policies"), Nodes.append(props, "Policies"))) {
                    if (policy.value() instanceof Map<?, ?> p) {
                        add(out, Kind.IDENTITY, r, Nodes.append(policy.path(), "PolicyDocument"), p.get("PolicyDocument"));
                    }
                }
            }
            if (IDENTITY_POLICIES.contains(r.type())) {
                add(out, Kind.IDENTITY, r, Nodes.append(props, "PolicyDocument"), r.property("PolicyDocument"));
            }
            Holder holder = RESOURCE_POLICIES.get(r.type());
            if (holder != null) {
                add(out, Kind.RESOURCE, r, Nodes.append(props, holder.property()), r.property(holder.property()));
            }
        }
        return out;
    }

    /** The Allow statements of the template's policy documents of the given kinds, in template order. */
    public static List<Statement> allows(Template template, Kind... kinds) {
        List<Kind> wanted = List.of(kinds);
        List<Statement> out = new ArrayList<>();
        for (PolicyDocument doc : in(template)) {
            if (wanted.contains(doc.kind())) {
                doc.statements().stream().filter(Statement::isAllow).forEach(out::add);
            }
        }
        return out;
    }

    private static void add(List<PolicyDocument> out, Kind kind, Resource r, List<Object> path, Object document) {
        for (Located alternative : Nodes.alternatives(document, path)) {
            out.add(new PolicyDocument(kind, r, alternative.path(), parsed(alternative.value())));
        }
    }

    /** IAM accepts a document as a JSON string too; read it so the same rules apply. */
    private static Object parsed(Object document) {
        if (document instanceof String s && s.strip().startsWith("{")) {
            try {
                return Json.MAPPER.readValue(s, Map.class);
            } catch (JsonProcessingException e) {
                return document; // not JSON after all: nothing a policy rule can read
            }
        }
        return document;
    }

    /** What the policy guards, for messages: "the key", "the bucket", "the role" (a trust policy), "the identity". */
    public String subject() {
        return switch (kind) {
            case RESOURCE -> RESOURCE_POLICIES.get(resource.type()).subject();
            case TRUST -> "the role";
            case IDENTITY -> "the identity";
        };
    }

    /** The statements, whether {@code Statement} is one map, a list, or built with {@code Fn::If}. */
    public List<Statement> statements() {
        if (!(document instanceof Map<?, ?> doc)) {
            return List.of();
        }
        List<Statement> out = new ArrayList<>();
        for (Located s : Nodes.alternatives(doc.get("Statement"), Nodes.append(path, "Statement"))) {
            if (s.value() instanceof Map<?, ?> body) {
                out.add(new Statement(this, s.path(), Template.cast(body)));
            }
        }
        return out;
    }
}
