package dev.userapi.pipeline.changeset;

import dev.userapi.pipeline.template.Resource;
import dev.userapi.pipeline.template.Template;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which resources hold data that a replacement or removal would lose. A curated list of types whose
 * whole point is state, plus anything the template itself marks {@code Retain}: the author already said
 * "losing this would hurt".
 */
public final class StatefulResources {
    static final Set<String> STATEFUL_TYPES = Set.of(
            "AWS::DynamoDB::Table",
            "AWS::DynamoDB::GlobalTable",
            "AWS::S3::Bucket",
            "AWS::RDS::DBInstance",
            "AWS::RDS::DBCluster",
            "AWS::EFS::FileSystem",
            "AWS::KMS::Key",
            "AWS::SQS::Queue",
            "AWS::Kinesis::Stream",
            "AWS::ElastiCache::ReplicationGroup",
            "AWS::Cognito::UserPool",
            "AWS::SecretsManager::Secret",
            "AWS::OpenSearchService::Domain",
            "AWS::Elasticsearch::Domain",
            "AWS::Neptune::DBCluster",
            "AWS::DocDB::DBCluster",
            "AWS::Backup::BackupVault");

    private StatefulResources() {
    }

    public static boolean isStatefulType(String type) {
        return STATEFUL_TYPES.contains(type);
    }

    public static boolean isStateful(Resource r) {
        return isStatefulType(r.type()) || "Retain".equals(r.deletionPolicy()) || "Retain".equals(r.updateReplacePolicy())
                || "RetainExceptOnCreate".equals(r.deletionPolicy());
    }

    /** The logical ids of the stateful resources of a template, in template order. */
    public static Set<String> in(Template template) {
        Set<String> out = new LinkedHashSet<>();
        template.resources().values().stream().filter(StatefulResources::isStateful).forEach(r -> out.add(r.logicalId()));
        return out;
    }
}
