package dev.userapi.pipeline.policy;

import java.util.List;

/** The rules of {@code pipeline validate}, in the order they are documented. */
public final class Rules {
    private Rules() {
    }

    public static List<Rule> all() {
        return List.of(
                new SyntaxRule(),
                new UndefinedReferenceRule(),
                new WildcardActionRule(),
                new WildcardResourceRule(),
                new ManagedPolicyRule(),
                new ResourcePolicyPublicRule(),
                new TrustPolicyPublicRule(),
                new PassRoleRule(),
                new LambdaPermissionRule(),
                new LambdaTrustRule(),
                new SharedRoleRule(),
                new StatefulRetainRule(),
                new TableProtectionRule(),
                new LogRetentionRule(),
                new ApiPathPartRule(),
                new ApiDeploymentRule(),
                new ApiMethodAuthorizationRule(),
                new ApiAccessLoggingRule(),
                new ApiInvokeScopeRule(),
                new ApiLambdaPermissionRule(),
                new ExecRoleCoverageRule());
    }
}
