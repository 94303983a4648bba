package dev.userapi.pipeline.local;

/**
 * The stand-ins for what only AWS knows when a stack runs: the values of the pseudo parameters
 * ({@code AWS::Region}, {@code AWS::AccountId}, ...). They are fixed and documented rather than read
 * from the user's AWS configuration, so that `pipeline local` behaves the same on every machine and
 * never makes a template look as if it ran in a real account.
 *
 * @param region    {@code AWS::Region}; {@code us-east-1}, the region every SDK knows
 * @param accountId {@code AWS::AccountId}; {@code 123456789012}, the account AWS's own documentation uses
 * @param stackName {@code AWS::StackName}; {@code <AppName>-local} when the template has an
 *                  {@code AppName} parameter (stack names are {@code ${app}-${env}}), else {@code local}
 */
public record LocalEnvironment(String region, String accountId, String partition, String urlSuffix, String stackName) {

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "123456789012";
    public static final String PARTITION = "aws";
    public static final String URL_SUFFIX = "amazonaws.com";

    public static LocalEnvironment forStack(String stackName) {
        return new LocalEnvironment(REGION, ACCOUNT_ID, PARTITION, URL_SUFFIX, stackName);
    }

    /** {@code AWS::StackId}: a stack ARN whose id part is fixed, so names derived from it stay stable. */
    public String stackId() {
        return "arn:" + partition + ":cloudformation:" + region + ":" + accountId + ":stack/" + stackName
                + "/00000000-0000-4000-8000-000000000000";
    }
}
