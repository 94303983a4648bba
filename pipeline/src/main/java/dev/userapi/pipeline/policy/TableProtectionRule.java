package dev.userapi.pipeline.policy;

import dev.userapi.pipeline.template.Intrinsics;
import dev.userapi.pipeline.template.Resource;
import dev.userapi.pipeline.template.Template;
import java.util.List;
import java.util.Map;

/** DynamoDB tables without point-in-time recovery or deletion protection. */
public final class TableProtectionRule implements Rule {

    @Override
    public String id() {
        return "table-protection";
    }

    @Override
    public String title() {
        return "A DynamoDB table lacks point-in-time recovery or deletion protection";
    }

    @Override
    public String description() {
        return "AWS::DynamoDB::Table needs PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled: true and "
                + "DeletionProtectionEnabled: true; AWS::DynamoDB::GlobalTable needs both on every replica. A value set "
                + "through an intrinsic is not judged.";
    }

    @Override
    public String why() {
        return "Retain protects the table from CloudFormation, not from a bad deploy of code or a console click: "
                + "point-in-time recovery restores the data as of any second of the last 35 days, and deletion protection "
                + "refuses DeleteTable from anyone until it is turned off explicitly.";
    }

    @Override
    public String fix() {
        return "Add PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true} and DeletionProtectionEnabled: "
                + "true to the table's Properties (for a global table, to each replica).";
    }

    @Override
    public void check(Template template, Report report) {
        for (Resource r : template.resourcesOfType("AWS::DynamoDB::Table").values()) {
            checkSettings(r, r.properties(), List.of("Resources", r.logicalId(), "Properties"), r.logicalId(), report);
        }
        for (Resource r : template.resourcesOfType("AWS::DynamoDB::GlobalTable").values()) {
            List<Object> replicas = List.of("Resources", r.logicalId(), "Properties", "Replicas");
            for (Located replica : Nodes.alternatives(r.property("Replicas"), replicas)) {
                if (replica.value() instanceof Map<?, ?> m) {
                    Object region = m.get("Region");
                    checkSettings(r, Nodes.map(m), replica.path(), r.logicalId() + " replica "
                            + (region instanceof String s ? s : "#" + replica.path().get(replica.path().size() - 1)), report);
                }
            }
        }
    }

    /** Missing or false is reported; an intrinsic (Fn::If, Ref) is decided at deploy time and left alone. */
    private static void checkSettings(Resource r, Map<String, Object> props, List<Object> at, String name, Report report) {
        Object pitr = props.get("PointInTimeRecoverySpecification");
        Object enabled = Nodes.map(pitr).get("PointInTimeRecoveryEnabled");
        if (Intrinsics.functionName(pitr) == null && (enabled == null || Nodes.isFalse(enabled))) {
            report.add(r, pitr == null ? at : Nodes.append(at, "PointInTimeRecoverySpecification"), name
                    + " has no point-in-time recovery: add PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}");
        }
        Object protection = props.get("DeletionProtectionEnabled");
        if (protection == null || Nodes.isFalse(protection)) {
            report.add(r, protection == null ? at : Nodes.append(at, "DeletionProtectionEnabled"), name
                    + " can be deleted by anyone allowed DeleteTable: add DeletionProtectionEnabled: true");
        }
    }
}
