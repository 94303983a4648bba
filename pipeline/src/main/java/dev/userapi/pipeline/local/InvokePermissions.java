package dev.userapi.pipeline.local;

import dev.userapi.pipeline.local.LocalApp.InvokePermission;
import dev.userapi.pipeline.local.LocalApp.LocalFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether the template's {@code AWS::Lambda::Permission} resources let this API invoke a function for
 * one request, evaluated the way Lambda evaluates the resource policy they become: some permission on
 * the function must allow {@code lambda:InvokeFunction} to the principal {@code apigateway.amazonaws.com},
 * its {@code SourceArn} (an {@code ArnLike} pattern) must match the request's execute-api ARN and its
 * {@code SourceAccount} must be the API's account. When none does, API Gateway answers 500 and its
 * execution log says "Invalid permissions on Lambda function"; {@link Decision#reasons} says why.
 */
public final class InvokePermissions {
    static final String INVOKE = "lambda:InvokeFunction";
    static final String API_GATEWAY = "apigateway.amazonaws.com";

    private final LocalApp app;

    public InvokePermissions(LocalApp app) {
        this.app = app;
    }

    /**
     * @param reasons    for a denial, one line per permission on the function saying what did not match
     * @param requestArn the ARN API Gateway presents as the source of the invocation
     */
    public record Decision(boolean allowed, String requestArn, String allowedBy, List<String> reasons) {
    }

    /**
     * The source ARN of one request: {@code arn:aws:execute-api:REGION:ACCOUNT:API_ID/STAGE/METHOD/PATH},
     * with the path as requested (path parameters filled in), without its leading slash.
     */
    public String requestArn(String httpMethod, String path) {
        LocalEnvironment env = app.environment();
        return "arn:" + env.partition() + ":execute-api:" + env.region() + ":" + env.accountId() + ":"
                + app.api().id() + "/" + app.api().stageName() + "/" + httpMethod + "/"
                + (path.startsWith("/") ? path.substring(1) : path);
    }

    public Decision decide(LocalFunction function, String httpMethod, String path) {
        return decide(function, null, httpMethod, path);
    }

    /**
     * @param qualifier the alias or version the route invokes ({@code live}), or null for the function itself:
     *                  Lambda applies a permission only to the ARN it names, so a permission on the function does
     *                  not let API Gateway invoke its alias, nor one on the alias the function
     */
    public Decision decide(LocalFunction function, String qualifier, String httpMethod, String path) {
        String arn = requestArn(httpMethod, path);
        List<String> reasons = new ArrayList<>();
        boolean any = false;
        List<String> otherTargets = new ArrayList<>();
        for (InvokePermission p : app.permissions()) {
            if (!namesFunction(p.functionName(), function, qualifier)) {
                if (namesFunction(unqualified(p.functionName()), function, null)) {
                    otherTargets.add(p.logicalId() + " names " + p.functionName());
                }
                continue;
            }
            any = true;
            String why = mismatch(p, arn);
            if (why == null) {
                return new Decision(true, arn, p.logicalId(), List.of());
            }
            reasons.add(p.logicalId() + " (" + app.templateFile() + ":" + p.line() + "): " + why);
        }
        if (!any) {
            String target = qualifier == null ? function.name() : function.name() + ":" + qualifier;
            reasons.add("no AWS::Lambda::Permission names " + function.logicalId() + (qualifier == null ? "" : "'s " + qualifier)
                    + " (" + target + ")" + (otherTargets.isEmpty() ? ""
                    : "; a permission applies only to the function, version or alias it names: " + String.join(", ", otherTargets)));
        }
        return new Decision(false, arn, null, reasons);
    }

    private String mismatch(InvokePermission p, String arn) {
        if (!actionAllowsInvoke(p.action())) {
            return "Action is " + p.action() + ", not " + INVOKE;
        }
        if (!p.principal().equals(API_GATEWAY) && !p.principal().equals("*")) {
            return "Principal is " + p.principal() + ", not " + API_GATEWAY;
        }
        if (p.sourceArn() != null && !ArnPattern.matches(p.sourceArn(), arn)) {
            return "SourceArn " + p.sourceArn() + " does not match " + arn;
        }
        if (p.sourceAccount() != null && !p.sourceAccount().equals(app.environment().accountId())) {
            return "SourceAccount is " + p.sourceAccount() + ", not the API's account " + app.environment().accountId();
        }
        return null;
    }

    /** IAM actions are case-insensitive and take wildcards: {@code lambda:*} and {@code *} also allow invoking. */
    private static boolean actionAllowsInvoke(String action) {
        return ArnPattern.glob(action.toLowerCase(Locale.ROOT), INVOKE.toLowerCase(Locale.ROOT));
    }

    /**
     * A permission's {@code FunctionName} may be the name, the ARN or the partial ARN
     * {@code ACCOUNT:function:NAME}, each with {@code :QUALIFIER} for an alias or version. A qualified one
     * ({@code NAME:live}) grants only that alias, which a route to the unqualified function does not use,
     * and an unqualified one only the function, which a route to an alias does not use.
     */
    static boolean namesFunction(String functionName, LocalFunction f) {
        return namesFunction(functionName, f, null);
    }

    static boolean namesFunction(String functionName, LocalFunction f, String qualifier) {
        String partial = f.arn().substring(f.arn().indexOf(':', f.arn().indexOf(":lambda:") + 8) + 1);
        String suffix = qualifier == null ? "" : ":" + qualifier;
        return functionName.equals(f.name() + suffix) || functionName.equals(f.arn() + suffix) || functionName.equals(partial + suffix);
    }

    /** {@code FunctionName} without a trailing {@code :QUALIFIER}: NAME, ACCOUNT:function:NAME or the full ARN. */
    private static String unqualified(String functionName) {
        int function = functionName.indexOf("function:");
        int nameStart = function < 0 ? 0 : function + "function:".length();
        int colon = functionName.indexOf(':', nameStart);
        return colon < 0 ? functionName : functionName.substring(0, colon);
    }
}
