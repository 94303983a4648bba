package dev.userapi.pipeline.policy;

import static dev.userapi.pipeline.policy.AppLeastPrivilegeTest.only;
import static dev.userapi.pipeline.policy.ProjectFiles.arnMatches;
import static dev.userapi.pipeline.policy.ProjectFiles.render;
import static dev.userapi.pipeline.policy.ProjectFiles.resolve;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userapi.pipeline.template.Intrinsics;
import dev.userapi.pipeline.template.Resource;
import dev.userapi.pipeline.template.Template;
import dev.userapi.pipeline.template.TemplateParser;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Reads the bootstrap templates and checks who may assume each role and what each may do, then
 * checks the grants against the concrete names the app stack produces (a user-api-dev stack in
 * 222222222222/eu-west-1), so "least privilege" is also "enough privilege".
 */
class BootstrapLeastPrivilegeTest {
    private static final String STACK_ARN = "arn:${AWS::Partition}:cloudformation:*:${AWS::AccountId}:stack/${AppName}-*/*";

    /** The values CloudFormation gives the Sub variables for the dev environment of accounts.yaml. */
    private static final Map<String, String> DEV = Map.of(
            "AWS::Partition", "aws", "AWS::Region", "eu-west-1", "AWS::AccountId", "222222222222",
            "AppName", "user-api", "AWS::StackName", "user-api-dev");

    private final Template target = TemplateParser.parse(ProjectFiles.targetAccount());
    private final Template ci = TemplateParser.parse(ProjectFiles.ciIdentity());
    private final Template app = TemplateParser.parse(ProjectFiles.app());

    @Nested
    class TargetAccount {

        @Test
        void parametersAndNamesAreTheOnesTheTeamAgreedOn() {
            assertEquals(List.of("AppName", "CiRoleArn", "TrustedPrincipalArns", "ArtifactNoncurrentVersionDays", "CreateIamResources",
                            "ApiGatewayLogging"),
                    List.copyOf(target.parameters().keySet()));
            assertEquals("CommaDelimitedList", Nodes.map(target.parameters().get("TrustedPrincipalArns")).get("Type"));
            assertEquals("Number", Nodes.map(target.parameters().get("ArtifactNoncurrentVersionDays")).get("Type"));
            assertEquals(90L, Nodes.map(target.parameters().get("ArtifactNoncurrentVersionDays")).get("Default"));
            assertEquals("!Sub ${AppName}-deployer", render(role("DeployerRole").property("RoleName")));
            assertEquals("!Sub ${AppName}-cfn-exec", render(role("CfnExecRole").property("RoleName")));
            assertEquals("!Sub ${AppName}-artifacts-${AWS::AccountId}-${AWS::Region}", render(bucket().property("BucketName")));
            Resource boundary = target.resources().get("PermissionsBoundary");
            assertEquals("!Sub ${AppName}-permissions-boundary", render(boundary.property("ManagedPolicyName")));
            assertEquals("!Sub /${AppName}/", render(boundary.property("Path")));
            assertEquals(Set.of("ArtifactBucketName", "ArtifactBucketArn", "DeployerRoleArn", "ExecutionRoleArn", "PermissionsBoundaryArn"),
                    target.outputs().keySet());
        }

        @Test
        void theDeployerIsAssumedOnlyByCiAndNamedHumansWithASourceIdentity() {
            Resource deployer = role("DeployerRole");
            assertEquals(3600L, deployer.property("MaxSessionDuration"));
            Statement trust = only(statements(target, "DeployerRole", PolicyDocument.Kind.TRUST));
            assertTrue(trust.isAllow());
            assertEquals(Set.of("sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"), Set.copyOf(trust.texts("Action")));
            assertEquals(Map.of("Null", Map.of("sts:SourceIdentity", "false")), trust.body().get("Condition"),
                    "a session without a source identity is refused");
            Map<String, Object> principal = Nodes.map(trust.body().get("Principal"));
            assertEquals(Set.of("AWS"), principal.keySet(), "no service, no federated principal");
            // Fn::If on the empty-list parameter: CI alone, or CI plus the listed humans.
            List<?> branches = (List<?>) Nodes.map(principal.get("AWS")).get("Fn::If");
            assertEquals("HasTrustedPrincipals", branches.get(0));
            assertEquals("!Ref CiRoleArn", render(branches.get(2)));
            String withHumans = branches.get(1).toString();
            assertTrue(withHumans.contains("{Ref=CiRoleArn}") && withHumans.contains("{Ref=TrustedPrincipalArns}"), withHumans);
            assertEquals("{Fn::Not=[{Fn::Equals=[{Fn::Join=[, {Ref=TrustedPrincipalArns}]}, ]}]}",
                    target.conditions().get("HasTrustedPrincipals").toString(), "an empty list means CI only");
        }

        @Test
        void theDeployerCanOnlyRunChangeSetsOnAppStacksPassTheExecRoleAndUseItsBucket() {
            List<Statement> allows = statements(target, "DeployerRole", PolicyDocument.Kind.IDENTITY).stream().filter(Statement::isAllow).toList();
            Map<String, Set<String>> resourcesByAction = resourcesByAction(allows);
            Set<String> expected = new TreeSet<>(Set.of(
                    "cloudformation:CreateChangeSet", "cloudformation:DescribeChangeSet", "cloudformation:ExecuteChangeSet",
                    "cloudformation:DeleteChangeSet", "cloudformation:ListChangeSets", "cloudformation:DescribeStacks",
                    "cloudformation:DescribeStackEvents", "cloudformation:DescribeStackResources", "cloudformation:GetTemplate",
                    "cloudformation:GetTemplateSummary", "cloudformation:SetStackPolicy",
                    "cloudformation:UpdateTerminationProtection", "cloudformation:DeleteStack",
                    "cloudformation:ContinueUpdateRollback", "iam:PassRole", "s3:GetObject", "s3:PutObject", "s3:ListBucket"));
            expected.addAll(LIFECYCLE_STEPS.keySet());
            expected.addAll(driftReads());
            assertEquals(expected, new TreeSet<>(resourcesByAction.keySet()), "nothing else");
            resourcesByAction.forEach((action, resources) -> {
                if (action.startsWith("cloudformation:") && !action.equals("cloudformation:DescribeStackDriftDetectionStatus")) {
                    assertEquals(Set.of("!Sub " + STACK_ARN), resources, action);
                }
            });
            assertEquals(Set.of("!GetAtt CfnExecRole.Arn"), resourcesByAction.get("iam:PassRole"));
            assertEquals(Set.of("!Sub arn:${AWS::Partition}:s3:::${AppName}-artifacts-${AWS::AccountId}-*/${AppName}/*"),
                    resourcesByAction.get("s3:GetObject"));
            assertEquals(Set.of("!Sub arn:${AWS::Partition}:s3:::${AppName}-artifacts-${AWS::AccountId}-*"),
                    resourcesByAction.get("s3:ListBucket"));

            Statement create = statementGranting(allows, "cloudformation:CreateChangeSet");
            assertEquals(Map.of("ArnEquals", Map.of("cloudformation:RoleArn", Map.of("Fn::GetAtt", List.of("CfnExecRole", "Arn")))),
                    create.body().get("Condition"), "change sets run as the execution role, never as the deployer");
            Statement recover = statementGranting(allows, "cloudformation:DeleteStack");
            assertEquals(Map.of("ArnEqualsIfExists", Map.of("cloudformation:RoleArn", Map.of("Fn::GetAtt", List.of("CfnExecRole", "Arn")))),
                    recover.body().get("Condition"));
            Statement pass = statementGranting(allows, "iam:PassRole");
            assertEquals(Map.of("StringEquals", Map.of("iam:PassedToService", "cloudformation.amazonaws.com")), pass.body().get("Condition"));
            for (String s3 : List.of("s3:GetObject", "s3:ListBucket")) {
                assertTrue(statementGranting(allows, s3).pins("aws:ResourceAccount"), s3 + " only on buckets of this account");
            }

            Statement deny = only(statements(target, "DeployerRole", PolicyDocument.Kind.IDENTITY).stream().filter(s -> !s.isAllow()).toList());
            // Everything on the bootstrap stacks is denied but reading their template (plan compares the
            // deployed execution role with the app template's types).
            assertEquals(List.of(), deny.texts("Action"));
            assertEquals(List.of("cloudformation:GetTemplate"), deny.texts("NotAction"));
            assertTrue(statementGranting(allows, "cloudformation:GetTemplate").values("Resource").stream()
                    .map(r -> resolve(Intrinsics.subTemplate(r.value()), DEV))
                    .anyMatch(p -> arnMatches(p, "arn:aws:cloudformation:eu-west-1:222222222222:stack/user-api-bootstrap/1")),
                    "plan reads the bootstrap stack's template");
            Set<String> denied = deny.values("Resource").stream().map(r -> resolve(Intrinsics.subTemplate(r.value()), DEV)).collect(Collectors.toSet());
            assertTrue(denied.stream().anyMatch(p -> arnMatches(p, "arn:aws:cloudformation:eu-west-1:222222222222:stack/user-api-bootstrap/1")),
                    "the deployer cannot change the stack that defines its own permissions: " + denied);
        }

        @Test
        void eachLifecycleActionIsGrantedOnTheAppsOwnResourcesOnlyForTheStepThatNeedsIt() {
            List<Statement> allows = statements(target, "DeployerRole", PolicyDocument.Kind.IDENTITY).stream().filter(Statement::isAllow).toList();
            Map<String, Set<String>> resourcesByAction = resourcesByAction(allows);
            LIFECYCLE_STEPS.forEach((action, step) -> {
                Set<String> granted = resourcesByAction.get(action);
                assertTrue(granted != null, action + " (" + step + ") is granted");
                String[] arn = step.split(" on ", 2);
                if (arn.length == 2) {
                    assertCovers(granted, arn[1]);
                    // The same action on another application's resource is out of reach.
                    String other = arn[1].replace("user-api", "other-app");
                    assertFalse(granted.stream().anyMatch(g -> arnMatches(g.startsWith("!Sub ") ? resolve(g.substring(5), DEV) : g, other)),
                            action + " reaches " + other);
                } else {
                    assertEquals(Set.of("*"), granted, action + ": the Service Authorization Reference gives it no resource type");
                }
            });
            // Deleting, rolling back and cancelling run as the execution role, as change sets do.
            Statement recover = statementGranting(allows, "cloudformation:RollbackStack");
            assertEquals(Map.of("ArnEqualsIfExists", Map.of("cloudformation:RoleArn", Map.of("Fn::GetAtt", List.of("CfnExecRole", "Arn")))),
                    recover.body().get("Condition"));
        }

        @Test
        void driftDetectionCanReadEveryResourceTypeOfTheAppTemplateAndNothingMore() {
            Template app = TemplateParser.parse(ProjectFiles.app());
            Set<String> needed = new TreeSet<>();
            app.resources().values().forEach(r -> needed.addAll(dev.userapi.pipeline.execrole.PermissionTable.shipped().find(r.type())
                    .orElseThrow(() -> new AssertionError("no handler permissions for " + r.type())).handlers().get("read")));
            List<Statement> allows = statements(target, "DeployerRole", PolicyDocument.Kind.IDENTITY).stream().filter(Statement::isAllow).toList();
            Set<String> granted = new TreeSet<>(resourcesByAction(allows).keySet());
            for (String action : needed) {
                assertTrue(granted.stream().anyMatch(g -> g.equalsIgnoreCase(action)), "drift detection needs " + action);
            }
            assertEquals(needed, driftReads(), "the deployer's reads are exactly the app types' read handlers");
        }

        @Test
        void theDeployerGrantsCoverTheStacksAndObjectsTheDeployTouches() {
            List<Statement> allows = statements(target, "DeployerRole", PolicyDocument.Kind.IDENTITY).stream().filter(Statement::isAllow).toList();
            Map<String, Set<String>> resourcesByAction = resourcesByAction(allows);
            assertCovers(resourcesByAction.get("cloudformation:CreateChangeSet"), "arn:aws:cloudformation:eu-west-1:222222222222:stack/user-api-dev/0c1d");
            assertCovers(resourcesByAction.get("cloudformation:DescribeStacks"), "arn:aws:cloudformation:us-east-1:222222222222:stack/user-api-prod/0c1d");
            String bucket = "user-api-artifacts-222222222222-eu-west-1";
            assertCovers(resourcesByAction.get("s3:PutObject"), "arn:aws:s3:::" + bucket + "/user-api/artifacts/" + "a".repeat(64) + ".jar");
            assertCovers(resourcesByAction.get("s3:PutObject"), "arn:aws:s3:::" + bucket + "/user-api/records/dev/222222222222-eu-west-1/latest.json");
            assertCovers(resourcesByAction.get("s3:ListBucket"), "arn:aws:s3:::" + bucket);
            assertFalse(resourcesByAction.get("cloudformation:CreateChangeSet").stream()
                    .anyMatch(p -> arnMatches(resolve(p.substring(5), DEV), "arn:aws:cloudformation:eu-west-1:222222222222:stack/other-app-dev/1")),
                    "other applications' stacks are out of reach");
        }

        @Test
        void theExecutionRoleIsAssumedOnlyByCloudFormationForThisAccount() {
            Resource exec = role("CfnExecRole");
            assertEquals(3600L, exec.property("MaxSessionDuration"));
            Statement trust = only(statements(target, "CfnExecRole", PolicyDocument.Kind.TRUST));
            assertEquals(Map.of("Service", "cloudformation.amazonaws.com"), trust.body().get("Principal"));
            assertEquals("sts:AssumeRole", trust.body().get("Action"));
            assertEquals(Map.of("StringEquals", Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId"))), trust.body().get("Condition"));
        }

        @Test
        void theExecutionRoleManagesOnlyNamesUnderTheAppPrefix() {
            List<Statement> statements = statements(target, "CfnExecRole", PolicyDocument.Kind.IDENTITY);
            Map<String, Set<String>> prefixByService = Map.of(
                    "dynamodb", Set.of("!Sub arn:${AWS::Partition}:dynamodb:*:${AWS::AccountId}:table/${AppName}-*"),
                    "lambda", Set.of("!Sub arn:${AWS::Partition}:lambda:*:${AWS::AccountId}:function:${AppName}-*"),
                    "iam", Set.of("!Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${AppName}/*"),
                    "iam-policy", Set.of("!Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/${AppName}/callers/*"),
                    "logs", Set.of("!Sub arn:${AWS::Partition}:logs:*:${AWS::AccountId}:log-group:/aws/lambda/${AppName}-*",
                            "!Sub arn:${AWS::Partition}:logs:*:${AWS::AccountId}:log-group:/aws/apigateway/${AppName}-*"),
                    "s3", Set.of("!Sub arn:${AWS::Partition}:s3:::${AppName}-artifacts-${AWS::AccountId}-*/${AppName}/artifacts/*"));
            for (Statement s : statements) {
                assertTrue(s.isAllow());
                for (String action : s.texts("Action")) {
                    assertFalse(IamActions.isWildcard(action), action);
                    String service = action.substring(0, action.indexOf(':'));
                    Set<String> resources = s.values("Resource").stream().map(r -> render(r.value())).collect(Collectors.toSet());
                    if (service.equals("apigateway")) {
                        assertEquals(Set.of("!Sub arn:${AWS::Partition}:apigateway:*::/restapis*", "!Sub arn:${AWS::Partition}:apigateway:*::/tags/*"),
                                resources, "API Gateway has no names to scope by: REST APIs and their tags only");
                    } else if (resources.equals(Set.of("*"))) {
                        assertFalse(IamActions.catalogue().find(action).orElseThrow().resourceLevel(),
                                action + " supports resource-level permissions and must not use \"*\"");
                    } else {
                        // IAM's managed-policy actions (CreatePolicy, GetPolicyVersion, ...) act on policy/ ARNs.
                        String kind = service.equals("iam") && action.matches("iam:\\w+Polic(y|ies|yVersion|yVersions|yTags)")
                                && !action.contains("RolePolic") ? "iam-policy" : service;
                        Set<String> expected = prefixByService.get(kind);
                        if (kind.equals("lambda") && resources.size() == 2) {
                            // Versions and aliases: the function's ARN and the qualified ARNs under it, nothing else.
                            expected = Set.of("!Sub arn:${AWS::Partition}:lambda:*:${AWS::AccountId}:function:${AppName}-*",
                                    "!Sub arn:${AWS::Partition}:lambda:*:${AWS::AccountId}:function:${AppName}-*:*");
                        }
                        assertEquals(expected, resources, action);
                    }
                }
            }
            Map<String, Set<String>> resourcesByAction = resourcesByAction(statements);
            assertFalse(resourcesByAction.keySet().stream().anyMatch(a -> Set.of("iam:DeleteRolePermissionsBoundary",
                    "iam:AttachRolePolicy", "iam:CreateUser").contains(a)), "no way around the boundary");
            // A new version of the boundary policy itself would lift every app role's limit.
            String boundary = "arn:aws:iam::222222222222:policy/user-api/user-api-permissions-boundary";
            for (String policyAction : List.of("iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion")) {
                for (String grant : resourcesByAction.get(policyAction)) {
                    assertFalse(arnMatches(resolve(grant.replaceFirst("^!Sub ", ""), DEV), boundary),
                            policyAction + " must not reach the permissions boundary: " + grant);
                }
            }
            for (String boundaryBound : List.of("iam:CreateRole", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy")) {
                assertEquals(Map.of("StringEquals", Map.of("iam:PermissionsBoundary", Map.of("Ref", "PermissionsBoundary"))),
                        statementGranting(statements, boundaryBound).body().get("Condition"), boundaryBound + " only with the boundary");
            }
            assertEquals(Map.of("StringEquals", Map.of("iam:PassedToService", "lambda.amazonaws.com")),
                    statementGranting(statements, "iam:PassRole").body().get("Condition"));
        }

        @Test
        void theExecutionRoleCanCreateEveryResourceTypeOfTheAppTemplate() {
            Map<String, List<String>> needs = Map.ofEntries(
                    Map.entry("AWS::DynamoDB::Table", List.of("dynamodb:CreateTable", "dynamodb:UpdateContinuousBackups", "dynamodb:TagResource")),
                    Map.entry("AWS::Logs::LogGroup", List.of("logs:CreateLogGroup", "logs:PutRetentionPolicy", "logs:DescribeLogGroups")),
                    Map.entry("AWS::IAM::Role", List.of("iam:CreateRole", "iam:PutRolePolicy", "iam:GetRole", "iam:TagRole")),
                    Map.entry("AWS::Lambda::Function", List.of("lambda:CreateFunction", "lambda:GetFunction", "iam:PassRole", "s3:GetObject")),
                    Map.entry("AWS::Lambda::Permission", List.of("lambda:AddPermission", "lambda:RemovePermission")),
                    Map.entry("AWS::Lambda::Version", List.of("lambda:PublishVersion", "lambda:GetFunctionConfiguration", "lambda:DeleteFunction")),
                    Map.entry("AWS::Lambda::Alias", List.of("lambda:CreateAlias", "lambda:GetAlias", "lambda:UpdateAlias", "lambda:DeleteAlias")),
                    Map.entry("AWS::ApiGateway::RestApi", List.of("apigateway:POST", "apigateway:GET")),
                    Map.entry("AWS::ApiGateway::Resource", List.of("apigateway:POST")),
                    Map.entry("AWS::ApiGateway::Method", List.of("apigateway:PUT")),
                    Map.entry("AWS::ApiGateway::Deployment", List.of("apigateway:POST")),
                    Map.entry("AWS::ApiGateway::Stage", List.of("apigateway:POST", "apigateway:PATCH")),
                    Map.entry("AWS::IAM::ManagedPolicy", List.of("iam:CreatePolicy", "iam:GetPolicy", "iam:CreatePolicyVersion",
                            "iam:ListPolicyVersions", "iam:DeletePolicyVersion", "iam:DeletePolicy")));
            Set<String> granted = resourcesByAction(statements(target, "CfnExecRole", PolicyDocument.Kind.IDENTITY)).keySet();
            for (Resource r : app.resources().values()) {
                List<String> required = needs.get(r.type());
                assertTrue(required != null, r.type() + " is new in app.yaml: run bin/pipeline policy exec-role --write and list the type's key actions here");
                for (String action : required) {
                    assertTrue(granted.contains(action), r.logicalId() + " (" + r.type() + ") needs " + action);
                }
            }
        }

        @Test
        void theExecutionRoleGrantsCoverTheNamesTheAppStackCreates() {
            Map<String, Set<String>> grants = resourcesByAction(statements(target, "CfnExecRole", PolicyDocument.Kind.IDENTITY));
            String arnPrefix = "arn:aws:%s:eu-west-1:222222222222:";
            for (Resource fn : app.resourcesOfType("AWS::Lambda::Function").values()) {
                String name = resolve(Intrinsics.subTemplate(fn.property("FunctionName")), DEV);
                assertCovers(grants.get("lambda:CreateFunction"), arnPrefix.formatted("lambda") + "function:" + name);
                assertCovers(grants.get("lambda:AddPermission"), arnPrefix.formatted("lambda") + "function:" + name);
                // Versions are published and aliases created through the function's ARN; a version is read and
                // deleted, an alias read, moved and deleted, through its qualified ARN.
                assertCovers(grants.get("lambda:PublishVersion"), arnPrefix.formatted("lambda") + "function:" + name);
                assertCovers(grants.get("lambda:CreateAlias"), arnPrefix.formatted("lambda") + "function:" + name);
                assertCovers(grants.get("lambda:AddPermission"), arnPrefix.formatted("lambda") + "function:" + name + ":live");
                for (String action : List.of("lambda:GetFunctionConfiguration", "lambda:DeleteFunction")) {
                    assertCovers(grants.get(action), arnPrefix.formatted("lambda") + "function:" + name + ":7");
                }
                for (String action : List.of("lambda:GetAlias", "lambda:UpdateAlias", "lambda:DeleteAlias")) {
                    assertCovers(grants.get(action), arnPrefix.formatted("lambda") + "function:" + name + ":live");
                }
            }
            for (Resource group : app.resourcesOfType("AWS::Logs::LogGroup").values()) {
                String name = resolve(Intrinsics.subTemplate(group.property("LogGroupName")), DEV);
                assertCovers(grants.get("logs:CreateLogGroup"), arnPrefix.formatted("logs") + "log-group:" + name + ":*");
            }
            for (Resource policy : app.resourcesOfType("AWS::IAM::ManagedPolicy").values()) {
                // CloudFormation names an unnamed managed policy STACK-LOGICALID-RANDOM, under its Path.
                String arn = "arn:aws:iam::222222222222:policy" + resolve(Intrinsics.subTemplate(policy.property("Path")), DEV)
                        + "user-api-dev-" + policy.logicalId() + "-1A2B3C4D5E6F";
                assertCovers(grants.get("iam:CreatePolicy"), arn);
                assertCovers(grants.get("iam:CreatePolicyVersion"), arn);
            }
            for (Resource role : app.resourcesOfType("AWS::IAM::Role").values()) {
                // CloudFormation names an unnamed role STACK-LOGICALID-RANDOM, under the role's Path.
                String arn = "arn:aws:iam::222222222222:role" + resolve(Intrinsics.subTemplate(role.property("Path")), DEV)
                        + "user-api-dev-" + role.logicalId() + "-1A2B3C4D5E6F";
                assertCovers(grants.get("iam:CreateRole"), arn);
                assertCovers(grants.get("iam:PassRole"), arn);
            }
            for (Resource table : app.resourcesOfType("AWS::DynamoDB::Table").values()) {
                assertCovers(grants.get("dynamodb:CreateTable"), arnPrefix.formatted("dynamodb") + "table/user-api-dev-" + table.logicalId() + "-1A2B3C4D5E6F");
            }
            assertCovers(grants.get("apigateway:POST"), "arn:aws:apigateway:eu-west-1::/restapis");
            assertCovers(grants.get("apigateway:PATCH"), "arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5/stages/v1");
            assertCovers(grants.get("s3:GetObject"), "arn:aws:s3:::user-api-artifacts-222222222222-eu-west-1/user-api/artifacts/" + "0".repeat(64) + ".jar");
        }

        @Test
        void theBoundaryAllowsWhatTheAppRolesUseAndNothingBeyondTheirKind() {
            Resource boundary = target.resources().get("PermissionsBoundary");
            String boundaryArn = "arn:aws:iam::222222222222:policy" + resolve(Intrinsics.subTemplate(boundary.property("Path")), DEV)
                    + resolve(Intrinsics.subTemplate(boundary.property("ManagedPolicyName")), DEV);
            List<Statement> ceiling = statements(target, "PermissionsBoundary", PolicyDocument.Kind.IDENTITY);
            Set<String> allowed = resourcesByAction(ceiling).keySet();
            for (String action : allowed) {
                assertTrue(action.startsWith("dynamodb:") && action.endsWith("Item") || action.equals("dynamodb:Query")
                        || action.equals("logs:CreateLogStream") || action.equals("logs:PutLogEvents"), "boundary grants " + action);
            }
            for (Resource role : app.resourcesOfType("AWS::IAM::Role").values()) {
                assertEquals(boundaryArn, resolve(Intrinsics.subTemplate(role.property("PermissionsBoundary")), DEV),
                        role.logicalId() + " carries the boundary the bootstrap creates");
                for (Statement s : statements(app, role.logicalId(), PolicyDocument.Kind.IDENTITY)) {
                    for (String action : s.texts("Action")) {
                        assertTrue(allowed.contains(action), role.logicalId() + " uses " + action + ", which the boundary would block");
                    }
                }
            }
            Map<String, Set<String>> ceilingGrants = resourcesByAction(ceiling);
            assertCovers(ceilingGrants.get("dynamodb:PutItem"), "arn:aws:dynamodb:eu-west-1:222222222222:table/user-api-dev-UsersTable-1A2B3C4D5E6F");
            assertCovers(ceilingGrants.get("logs:PutLogEvents"),
                    "arn:aws:logs:eu-west-1:222222222222:log-group:/aws/lambda/user-api-dev-get-user:log-stream:2026/01/01/[$LATEST]abc");
        }

        @Test
        void theArtifactBucketIsPrivateEncryptedVersionedRetainedAndTlsOnly() {
            Resource bucket = bucket();
            assertEquals("Retain", bucket.deletionPolicy());
            assertEquals("Retain", bucket.updateReplacePolicy());
            Map<String, Object> p = bucket.properties();
            assertEquals("AES256", Nodes.map(Nodes.map(((List<?>) Nodes.map(p.get("BucketEncryption")).get("ServerSideEncryptionConfiguration")).get(0))
                    .get("ServerSideEncryptionByDefault")).get("SSEAlgorithm"));
            assertEquals(Map.of("Status", "Enabled"), p.get("VersioningConfiguration"));
            assertEquals(Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                    p.get("PublicAccessBlockConfiguration"));
            assertEquals(Map.of("Rules", List.of(Map.of("ObjectOwnership", "BucketOwnerEnforced"))), p.get("OwnershipControls"));
            Map<String, Object> lifecycle = Nodes.map(((List<?>) Nodes.map(p.get("LifecycleConfiguration")).get("Rules")).get(0));
            assertEquals("Enabled", lifecycle.get("Status"));
            assertEquals(Map.of("NoncurrentDays", Map.of("Ref", "ArtifactNoncurrentVersionDays")), lifecycle.get("NoncurrentVersionExpiration"));

            Statement tls = only(PolicyDocument.in(target).stream().filter(d -> d.kind() == PolicyDocument.Kind.RESOURCE)
                    .flatMap(d -> d.statements().stream()).toList());
            assertFalse(tls.isAllow());
            assertEquals("*", tls.body().get("Principal"));
            assertEquals(Map.of("Bool", Map.of("aws:SecureTransport", "false")), tls.body().get("Condition"));
            assertEquals(Set.of("!GetAtt ArtifactBucket.Arn", "!Sub ${ArtifactBucket.Arn}/*"),
                    tls.values("Resource").stream().map(r -> render(r.value())).collect(Collectors.toSet()), "the bucket and every object");
        }

        private Resource role(String id) {
            Resource r = target.resources().get(id);
            assertEquals("AWS::IAM::Role", r.type());
            return r;
        }

        private Resource bucket() {
            return only(target.resourcesOfType("AWS::S3::Bucket").values());
        }
    }

    @Nested
    class CiIdentity {

        @Test
        void theProviderIsGitHubsWithTheStsAudience() {
            Resource provider = only(ci.resourcesOfType("AWS::IAM::OIDCProvider").values());
            assertEquals("https://token.actions.githubusercontent.com", provider.property("Url"));
            assertEquals(List.of("sts.amazonaws.com"), provider.property("ClientIdList"));
            assertEquals("CreateProvider", provider.definition().get("Condition"));
            assertEquals(List.of("AppName", "GitHubOwner", "GitHubRepo", "GitHubOwnerId", "GitHubRepoId", "DeployerRoleArns",
                    "CreateOidcProvider", "ExistingOidcProviderArn"), List.copyOf(ci.parameters().keySet()));
        }

        @Test
        void theCiRoleTrustsOnlyThisRepositorysDeployEnvironmentsInBothSubjectForms() {
            Resource role = only(ci.resourcesOfType("AWS::IAM::Role").values());
            assertEquals("!Sub ${AppName}-ci", render(role.property("RoleName")));
            assertEquals(3600L, role.property("MaxSessionDuration"));
            Statement trust = only(statements(ci, role.logicalId(), PolicyDocument.Kind.TRUST));
            assertTrue(trust.isAllow());
            assertEquals(List.of("sts:AssumeRoleWithWebIdentity"), trust.texts("Action"), "no TagSession: GitHub tokens carry no tags");
            Map<String, Object> federated = Nodes.map(trust.body().get("Principal"));
            assertEquals(Set.of("Federated"), federated.keySet());
            assertEquals("[CreateProvider, {Ref=GitHubOidcProvider}, {Ref=ExistingOidcProviderArn}]",
                    Nodes.map(federated.get("Federated")).get("Fn::If").toString());
            Map<String, Object> condition = Nodes.map(trust.body().get("Condition"));
            assertEquals(Set.of("StringEquals"), condition.keySet(), "exact subjects only: no StringLike wildcards");
            Map<String, Object> equals = Nodes.map(condition.get("StringEquals"));
            assertEquals("sts.amazonaws.com", equals.get("token.actions.githubusercontent.com:aud"));
            List<String> subjects = ((List<?>) equals.get("token.actions.githubusercontent.com:sub"))
                    .stream().map(ProjectFiles::render).toList();
            List<String> expected = new java.util.ArrayList<>();
            for (String form : List.of("${GitHubOwner}/${GitHubRepo}", "${GitHubOwner}@${GitHubOwnerId}/${GitHubRepo}@${GitHubRepoId}")) {
                for (String env : List.of("dev", "staging", "prod-plan", "prod")) {
                    expected.add("!Sub repo:" + form + ":environment:" + env);
                }
            }
            assertEquals(expected, subjects, "the deploy workflow's environments, in both subject forms");

            Map<String, String> repo = Map.of("GitHubOwner", "example-org", "GitHubRepo", "user-api",
                    "GitHubOwnerId", "1234567", "GitHubRepoId", "89012345");
            Set<String> allowedSubjects = subjects.stream().map(s -> resolve(s.substring(5), repo)).collect(Collectors.toSet());
            for (String allowed : List.of("repo:example-org/user-api:environment:prod", "repo:example-org/user-api:environment:prod-plan",
                    "repo:example-org@1234567/user-api@89012345:environment:dev")) {
                assertTrue(allowedSubjects.contains(allowed), allowed);
            }
            for (String refused : List.of("repo:example-org/user-api:pull_request", "repo:example-org/user-api:ref:refs/heads/main",
                    "repo:example-org/user-api:environment:made-up", "repo:example-org/user-api-fork:environment:prod",
                    "repo:other/user-api:environment:prod", "repo:example-org@999/user-api@89012345:environment:prod")) {
                assertFalse(allowedSubjects.contains(refused), refused);
            }
        }

        @Test
        void theCiRoleCanOnlyAssumeTheDeployerRoles() {
            Resource role = only(ci.resourcesOfType("AWS::IAM::Role").values());
            Statement only = only(statements(ci, role.logicalId(), PolicyDocument.Kind.IDENTITY));
            assertTrue(only.isAllow());
            assertEquals(Set.of("sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"), Set.copyOf(only.texts("Action")));
            assertEquals(Map.of("Ref", "DeployerRoleArns"), only.body().get("Resource"));
        }
    }

    @Test
    void everyActionTheProjectGrantsExistsInIam() {
        for (Template t : List.of(target, ci, app)) {
            for (PolicyDocument doc : PolicyDocument.in(t)) {
                for (Statement s : doc.statements()) {
                    for (String action : s.texts("Action")) {
                        assertFalse(IamActions.catalogue().matching(action).isEmpty(),
                                t.file().getFileName() + " " + doc.resource().logicalId() + ": " + action + " is not an IAM action");
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static List<Statement> statements(Template t, String resource, PolicyDocument.Kind kind) {
        return PolicyDocument.in(t).stream()
                .filter(d -> d.resource().logicalId().equals(resource) && d.kind() == kind)
                .flatMap(d -> d.statements().stream()).toList();
    }

    /** Allow statements' action → rendered resources (an action granted twice merges). */
    private static Map<String, Set<String>> resourcesByAction(List<Statement> statements) {
        Map<String, Set<String>> out = new HashMap<>();
        for (Statement s : statements) {
            if (!s.isAllow()) {
                continue;
            }
            for (String action : s.texts("Action")) {
                for (Located r : s.values("Resource")) {
                    out.computeIfAbsent(action, a -> new HashSet<>()).add(render(r.value()));
                }
            }
        }
        return out;
    }

    /** The actions the commands beyond deploy need, and the step (and, after " on ", an ARN it must reach) that needs each. */
    private static final Map<String, String> LIFECYCLE_STEPS = Map.ofEntries(
            Map.entry("cloudformation:ListStackResources", "delete and logs list what a stack holds on arn:aws:cloudformation:eu-west-1:222222222222:stack/user-api-dev/1"),
            Map.entry("cloudformation:DetectStackDrift", "drift starts a detection on arn:aws:cloudformation:eu-west-1:222222222222:stack/user-api-dev/1"),
            Map.entry("cloudformation:DetectStackResourceDrift", "authorized per resource of a detection on arn:aws:cloudformation:eu-west-1:222222222222:stack/user-api-dev/1"),
            Map.entry("cloudformation:DescribeStackResourceDrifts", "drift reads the drifted resources on arn:aws:cloudformation:eu-west-1:222222222222:stack/user-api-dev/1"),
            Map.entry("cloudformation:CancelUpdateStack", "cancel on arn:aws:cloudformation:eu-west-1:222222222222:stack/user-api-dev/1"),
            Map.entry("cloudformation:RollbackStack", "rollback of a --disable-rollback stack on arn:aws:cloudformation:eu-west-1:222222222222:stack/user-api-dev/1"),
            Map.entry("cloudformation:DescribeStackDriftDetectionStatus", "drift waits for the detection (no resource type)"),
            Map.entry("logs:FilterLogEvents", "logs reads a function's events on arn:aws:logs:eu-west-1:222222222222:log-group:/aws/lambda/user-api-dev-create-user"),
            Map.entry("dynamodb:DescribeTable", "delete counts the kept table's items on arn:aws:dynamodb:eu-west-1:222222222222:table/user-api-dev-users"));

    /** The read handlers' actions of the app template's types, which drift detection calls with the deployer's credentials. */
    private static Set<String> driftReads() {
        Template app = TemplateParser.parse(ProjectFiles.app());
        Set<String> out = new TreeSet<>();
        app.resources().values().forEach(r -> dev.userapi.pipeline.execrole.PermissionTable.shipped().find(r.type())
                .ifPresent(h -> out.addAll(h.handlers().getOrDefault("read", List.of()))));
        return out;
    }

    private static Statement statementGranting(List<Statement> statements, String action) {
        return only(statements.stream().filter(s -> s.isAllow() && s.texts("Action").stream()
                .anyMatch(a -> a.toLowerCase(Locale.ROOT).equals(action.toLowerCase(Locale.ROOT)))).toList());
    }

    /** Some granted pattern, with the dev environment's values substituted, matches {@code arn}. */
    private static void assertCovers(Set<String> granted, String arn) {
        assertTrue(granted != null && granted.stream().anyMatch(g -> {
            String pattern = g.startsWith("!Sub ") ? resolve(g.substring(5), DEV) : g;
            return arnMatches(pattern, arn);
        }), arn + " is not covered by " + granted);
    }
}
