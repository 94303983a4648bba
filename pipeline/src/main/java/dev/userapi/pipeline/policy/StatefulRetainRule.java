package dev.userapi.pipeline.policy;

import dev.userapi.pipeline.template.Resource;
import dev.userapi.pipeline.template.Template;
import java.util.List;
import java.util.Set;

/** Resources that hold data and would be deleted with the stack or on replacement. */
public final class StatefulRetainRule implements Rule {

    /**
     * Types whose deletion destroys data that cannot be rebuilt from the template. Log groups and
     * queues are left out on purpose: their contents are transient, and log groups are covered by
     * {@link LogRetentionRule}.
     */
    static final Set<String> STATEFUL = Set.of(
            "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable",
            "AWS::S3::Bucket", "AWS::S3Express::DirectoryBucket",
            "AWS::RDS::DBInstance", "AWS::RDS::DBCluster",
            "AWS::DocDB::DBCluster", "AWS::Neptune::DBCluster", "AWS::Redshift::Cluster",
            "AWS::EFS::FileSystem", "AWS::FSx::FileSystem", "AWS::EC2::Volume",
            "AWS::ElastiCache::CacheCluster", "AWS::ElastiCache::ReplicationGroup", "AWS::MemoryDB::Cluster",
            "AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain",
            "AWS::Kinesis::Stream", "AWS::QLDB::Ledger", "AWS::Timestream::Database", "AWS::Timestream::Table",
            "AWS::Cognito::UserPool", "AWS::SecretsManager::Secret", "AWS::KMS::Key",
            "AWS::Backup::BackupVault", "AWS::ECR::Repository");

    /** Types for which CloudFormation accepts DeletionPolicy/UpdateReplacePolicy Snapshot. */
    static final Set<String> SNAPSHOT = Set.of("AWS::DocDB::DBCluster", "AWS::EC2::Volume",
            "AWS::ElastiCache::CacheCluster", "AWS::ElastiCache::ReplicationGroup", "AWS::Neptune::DBCluster",
            "AWS::RDS::DBCluster", "AWS::RDS::DBInstance", "AWS::Redshift::Cluster");

    @Override
    public String id() {
        return "stateful-retain";
    }

    @Override
    public String title() {
        return "A stateful resource is not retained";
    }

    @Override
    public String description() {
        return "Resources that hold data (DynamoDB tables, S3 buckets, RDS, DocumentDB, Neptune, Redshift, EFS, FSx, EBS "
                + "volumes, ElastiCache, MemoryDB, OpenSearch, Kinesis streams, Cognito user pools, secrets, KMS keys, "
                + "backup vaults, ECR repositories, ...) need DeletionPolicy Retain (or RetainExceptOnCreate) and "
                + "UpdateReplacePolicy Retain; Snapshot is accepted for the types that support it (RDS, DocumentDB, "
                + "Neptune, Redshift, ElastiCache, EBS). A policy set through an intrinsic is not judged.";
    }

    @Override
    public String why() {
        return "CloudFormation's default is Delete: deleting the stack, removing the resource from the template, or a "
                + "change that requires replacement (renaming a table, changing its key schema) destroys the data with no "
                + "way back.";
    }

    @Override
    public String fix() {
        return "Add DeletionPolicy: Retain and UpdateReplacePolicy: Retain to the resource (next to Type), and delete "
                + "retained resources by hand when you really mean it.";
    }

    @Override
    public void check(Template template, Report report) {
        for (Resource r : template.resources().values()) {
            if (!STATEFUL.contains(r.type())) {
                continue;
            }
            boolean snapshot = SNAPSHOT.contains(r.type());
            String accepted = snapshot ? "Retain or Snapshot" : "Retain";
            check(r, "DeletionPolicy", accepted, snapshot, true, report);
            check(r, "UpdateReplacePolicy", accepted, snapshot, false, report);
        }
    }

    private static void check(Resource r, String attribute, String accepted, boolean snapshot, boolean deletion, Report report) {
        Object value = r.definition().get(attribute);
        if (value != null && !(value instanceof String)) {
            return; // Fn::If or Ref: decided at deploy time
        }
        String v = (String) value;
        boolean ok = "Retain".equals(v) || (snapshot && "Snapshot".equals(v)) || (deletion && "RetainExceptOnCreate".equals(v));
        if (!ok) {
            List<Object> at = v == null ? List.of("Resources", r.logicalId()) : List.of("Resources", r.logicalId(), attribute);
            String now = v == null ? "has no " + attribute + " (CloudFormation deletes it" + (deletion ? " with the stack)" : " when it replaces it)")
                    : "has " + attribute + " " + v;
            report.add(r, at, r.logicalId() + " (" + r.type() + ") holds data but " + now + ": set " + attribute + ": " + accepted);
        }
    }
}
