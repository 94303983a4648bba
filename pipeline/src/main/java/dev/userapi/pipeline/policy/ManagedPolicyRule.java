package dev.userapi.pipeline.policy;

import dev.userapi.pipeline.template.Resource;
import dev.userapi.pipeline.template.Template;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** AWS managed policies that grant "*" or whole services, attached through ManagedPolicyArns. */
public final class ManagedPolicyRule implements Rule {
    /**
     * AWS managed policies that allow "*", "service:*" for a whole service, or the power to grant
     * oneself more (IAM). Names only: the ARN's partition and path vary. Any AWS managed policy whose
     * name ends in FullAccess is caught by {@link #FULL_ACCESS} besides these.
     */
    static final Set<String> BROAD = Set.of(
            "AdministratorAccess",                  // Action "*" on "*"
            "PowerUserAccess",                      // "*" except iam/organizations/account
            "ReadOnlyAccess",                       // reads every bucket's objects and every table's items
            "IAMFullAccess",                        // iam:*: can grant itself anything
            "AmazonS3FullAccess",                   // s3:* on every bucket
            "AmazonDynamoDBFullAccess",             // dynamodb:* on every table
            "AWSLambda_FullAccess",                 // lambda:* and more
            "AWSLambdaFullAccess",                  // the deprecated predecessor
            "AmazonEC2FullAccess",
            "AmazonSQSFullAccess",
            "AmazonSNSFullAccess",
            "CloudWatchFullAccess",
            "CloudWatchLogsFullAccess",
            "AWSCloudFormationFullAccess",
            "AmazonAPIGatewayAdministrator",        // apigateway:* on every API
            "AWSKeyManagementServicePowerUser",     // kms: create keys, change their policies
            "SecretsManagerReadWrite",              // secretsmanager:* on every secret
            "AmazonRDSFullAccess",
            "AmazonVPCFullAccess",
            "AmazonSSMFullAccess",
            "AWSStepFunctionsFullAccess",
            "AmazonEventBridgeFullAccess",
            "AmazonKinesisFullAccess",
            "AWSCodeBuildAdminAccess",
            "AWSOrganizationsFullAccess",
            "SystemAdministrator",                  // job-function/SystemAdministrator
            "NetworkAdministrator",                 // job-function/NetworkAdministrator
            "DatabaseAdministrator");               // job-function/DatabaseAdministrator

    /** Every AWS managed "...FullAccess" and "AdministratorAccess-..." policy grants a whole service at least. */
    private static final Pattern FULL_ACCESS = Pattern.compile(".*FullAccess(-v\\d+)?|AdministratorAccess-.+");

    /** arn:PARTITION:iam::aws:policy/[path/]NAME, the partition possibly ${AWS::Partition}. */
    private static final Pattern AWS_MANAGED = Pattern.compile("arn:(?:\\$\\{AWS::Partition}|[^:]+):iam::aws:policy/(?:.*/)?([^/]+)");

    @Override
    public String id() {
        return "iam-managed-policy-broad";
    }

    @Override
    public String title() {
        return "A role, user or group attaches an AWS managed policy that grants \"*\" or a whole service";
    }

    @Override
    public String description() {
        return "ManagedPolicyArns of an AWS::IAM::Role, User or Group, or Policies of a SAM function or state machine, "
                + "naming an AWS managed policy (arn:aws:iam::aws:policy/..., or by name in SAM) that allows every action, or every action of a service: " + String.join(", ",
                BROAD.stream().sorted().toList()) + ", and any other AWS managed policy whose name ends in FullAccess or "
                + "starts with AdministratorAccess-. Customer managed policies are checked where they are written.";
    }

    @Override
    public String why() {
        return "The same grant written inline would be an iam-wildcard-action finding; attaching it by ARN hides it from "
                + "review. AWS also widens its managed policies as services add actions, so the grant grows without any "
                + "change to the template.";
    }

    @Override
    public String fix() {
        return "Remove the managed policy and write an inline policy (Policies) with the actions the role needs on the "
                + "resources it touches; for read-only needs a service's AWS managed ...ReadOnlyAccess policy may do.";
    }

    /** A bare policy name, as SAM's Policies takes AWS managed policies. */
    private static final Pattern BARE_NAME = Pattern.compile("[A-Za-z0-9_+=,.@-]+");

    @Override
    public void check(Template template, Report report) {
        for (Resource r : template.resources().values()) {
            if (r.isType("AWS::IAM::Role") || r.isType("AWS::IAM::User") || r.isType("AWS::IAM::Group")) {
                List<Object> path = List.of("Resources", r.logicalId(), "Properties", "ManagedPolicyArns");
                for (Located arn : Nodes.alternatives(r.property("ManagedPolicyArns"), path)) {
                    Matcher m = AWS_MANAGED.matcher(String.valueOf(Nodes.flatText(arn.value())));
                    check(r, arn, m.matches() ? m.group(1) : null, report);
                }
            }
            if (r.isType("AWS::Serverless::Function") || r.isType("AWS::Serverless::StateMachine")) {
                // SAM's Policies: AWS managed policies by name or ARN, beside inline statements and policy templates.
                List<Object> path = List.of("Resources", r.logicalId(), "Properties", "Policies");
                for (Located policy : Nodes.alternatives(r.property("Policies"), path)) {
                    String text = Nodes.flatText(policy.value());
                    Matcher m = AWS_MANAGED.matcher(String.valueOf(text));
                    check(r, policy, m.matches() ? m.group(1) : text != null && BARE_NAME.matcher(text).matches() ? text : null,
                            report);
                }
            }
        }
    }

    private static void check(Resource r, Located at, String name, Report report) {
        if (name != null && (BROAD.contains(name) || FULL_ACCESS.matcher(name).matches())) {
            report.add(r, at.path(), r.logicalId() + " attaches the AWS managed policy " + name + ", which allows "
                    + (name.equals("AdministratorAccess") ? "every action on everything"
                    : "whole services, or whole kinds of actions on every resource")
                    + ": write an inline policy with the actions " + r.logicalId() + " needs");
        }
    }
}
