package dev.userapi.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Insecure templates that look harmless and safe ones that look suspicious, run through
 * {@code pipeline validate} as a user would: insecure ones must fail at the right line with the real
 * problem named, safe ones must pass.
 */
class ValidateReportedCasesTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Exit code of {@code pipeline validate t.yaml}; the findings are in {@link #findings()}. */
    private int validate(String template) throws IOException {
        Files.writeString(dir.resolve("t.yaml"), template);
        CommandLine cl = new CommandLine(new ValidateCommand(dir));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute("t.yaml");
    }

    private List<String> findings() {
        return out.toString().lines().toList();
    }

    /** Exactly one finding, starting "t.yaml:LINE: RULE " and containing every fragment. */
    private void assertOnlyFinding(int line, String rule, String... fragments) {
        assertEquals(1, findings().size(), out.toString());
        String f = findings().get(0);
        assertTrue(f.startsWith("t.yaml:" + line + ": " + rule + " "), f);
        for (String fragment : fragments) {
            assertTrue(f.contains(fragment), () -> "'" + fragment + "' missing from: " + f);
        }
    }

    @Test
    void awsDefaultKeyPolicyPasses() throws IOException {
        assertEquals(ExitCodes.OK, validate("""
                Resources:
                  Key:
                    Type: AWS::KMS::Key
                    DeletionPolicy: Retain
                    UpdateReplacePolicy: Retain
                    Properties:
                      KeyPolicy:
                        Version: "2012-10-17"
                        Statement:
                          - Sid: Enable IAM User Permissions
                            Effect: Allow
                            Principal:
                              AWS: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:root
                            Action: kms:*
                            Resource: "*"
                """), out.toString());
    }

    @Test
    void aKeyAnyoneMayDecryptWithFails() throws IOException {
        assertEquals(ExitCodes.FINDINGS, validate("""
                Resources:
                  Key:
                    Type: AWS::KMS::Key
                    DeletionPolicy: Retain
                    UpdateReplacePolicy: Retain
                    Properties:
                      KeyPolicy:
                        Statement:
                          - Effect: Allow
                            Principal: "*"
                            Action: kms:Decrypt
                            Resource: "*"
                """));
        assertOnlyFinding(10, "resource-policy-public", "the key is open to everyone");
        assertTrue(!out.toString().contains("list the actions this identity needs"), out.toString());
    }

    @Test
    void aRoleAnyoneMayAssumeFails() throws IOException {
        assertEquals(ExitCodes.FINDINGS, validate("""
                Resources:
                  Role:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument:
                        Statement:
                          - Effect: Allow
                            Principal: {AWS: "*"}
                            Action: sts:AssumeRole
                """));
        assertOnlyFinding(8, "iam-trust-anyone", "Role can be assumed by anyone");
    }

    @Test
    void administratorAccessByArnFailsLikeTheSameGrantInline() throws IOException {
        assertEquals(ExitCodes.FINDINGS, validate("""
                Resources:
                  Role:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument:
                        Statement:
                          - Effect: Allow
                            Principal: {Service: ec2.amazonaws.com}
                            Action: sts:AssumeRole
                      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
                """));
        assertOnlyFinding(10, "iam-managed-policy-broad", "AdministratorAccess", "every action on everything");
    }

    @Test
    void aLogsArnOfOnlyWildcardsFailsLikeStar() throws IOException {
        assertEquals(ExitCodes.FINDINGS, validate("""
                Resources:
                  Policy:
                    Type: AWS::IAM::ManagedPolicy
                    Properties:
                      PolicyDocument:
                        Statement:
                          - Effect: Allow
                            Action: [logs:CreateLogStream, logs:PutLogEvents]
                            Resource: arn:aws:logs:*:*:*
                """));
        assertOnlyFinding(9, "iam-wildcard-resource", "arn:aws:logs:*:*:*", "as much as \"*\"");
    }

    @Test
    void yamlAliasesFailAtTheAlias() throws IOException {
        assertEquals(ExitCodes.FINDINGS, validate("""
                Resources:
                  First:
                    Type: AWS::SNS::Topic
                    Properties:
                      Tags: &tags
                        - {Key: team, Value: users}
                  Second:
                    Type: AWS::SNS::Topic
                    Properties:
                      Tags: *tags
                """));
        assertOnlyFinding(10, "template-syntax", "YAML alias *tags", "CloudFormation does not accept");
    }

    @Test
    void rulesSectionFunctionsPass() throws IOException {
        assertEquals(ExitCodes.OK, validate("""
                Parameters:
                  Env: {Type: String}
                Rules:
                  KnownEnv:
                    Assertions:
                      - Assert: !Contains [[dev, staging, prod], !Ref Env]
                      - Assert: !EachMemberIn [!ValueOfAll ["AWS::EC2::Subnet::Id", VpcId], !RefAll "AWS::EC2::VPC::Id"]
                Resources:
                  Topic:
                    Type: AWS::SNS::Topic
                """), out.toString() + err);
    }

    @Test
    void logGroupsNamedAfterARefToTheFunctionPass() throws IOException {
        assertEquals(ExitCodes.OK, validate("""
                Resources:
                  Worker:
                    Type: AWS::Lambda::Function
                    Properties:
                      Runtime: java21
                  WorkerLogs:
                    Type: AWS::Logs::LogGroup
                    Properties:
                      LogGroupName: !Sub /aws/lambda/${Worker}
                      RetentionInDays: 14
                  Joined:
                    Type: AWS::Lambda::Function
                    Properties:
                      Runtime: java21
                  JoinedLogs:
                    Type: AWS::Logs::LogGroup
                    Properties:
                      LogGroupName: !Join ["", [/aws/lambda/, !Ref Joined]]
                      RetentionInDays: 14
                """), out.toString());
    }

    @Test
    void eventBridgeAndSnsPermissionsWhoseSourceArnNamesTheAccountPass() throws IOException {
        assertEquals(ExitCodes.OK, validate("""
                Resources:
                  FromRule:
                    Type: AWS::Lambda::Permission
                    Properties:
                      Action: lambda:InvokeFunction
                      FunctionName: f
                      Principal: events.amazonaws.com
                      SourceArn: !Sub arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/nightly
                  FromTopic:
                    Type: AWS::Lambda::Permission
                    Properties:
                      Action: lambda:InvokeFunction
                      FunctionName: f
                      Principal: sns.amazonaws.com
                      SourceArn: !Sub arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:alerts
                """), out.toString());
    }

    @Test
    void anS3PermissionWithoutSourceAccountStillFails() throws IOException {
        assertEquals(ExitCodes.FINDINGS, validate("""
                Resources:
                  FromBucket:
                    Type: AWS::Lambda::Permission
                    Properties:
                      Action: lambda:InvokeFunction
                      FunctionName: f
                      Principal: s3.amazonaws.com
                      SourceArn: arn:aws:s3:::uploads
                """));
        assertOnlyFinding(7, "lambda-permission-source", "S3 bucket ARN never does", "SourceAccount");
    }
}
