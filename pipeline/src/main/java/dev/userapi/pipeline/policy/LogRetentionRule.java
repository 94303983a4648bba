package dev.userapi.pipeline.policy;

import dev.userapi.pipeline.template.Resource;
import dev.userapi.pipeline.template.Template;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Logs kept forever: log groups without retention, and functions whose log group the template does not own. */
public final class LogRetentionRule implements Rule {

    @Override
    public String id() {
        return "log-retention";
    }

    @Override
    public String title() {
        return "Logs are kept forever";
    }

    @Override
    public String description() {
        return "An AWS::Logs::LogGroup without RetentionInDays; and an AWS::Lambda::Function whose log group is not in "
                + "the template (neither LoggingConfig.LogGroup nor a log group named /aws/lambda/<FunctionName>, written out, with "
                + "!Sub or !Join, or through a Ref to the function, which is its name even when FunctionName is not set), so "
                + "Lambda creates one on first invocation, with no retention and outside the stack.";
    }

    @Override
    public String why() {
        return "CloudWatch Logs keeps events forever by default: the bill grows every month, and old request logs are "
                + "data nobody reviews but everybody must protect.";
    }

    @Override
    public String fix() {
        return "Set RetentionInDays (e.g. !Ref LogRetentionDays) on every log group, and declare each function's log "
                + "group in the template and point LoggingConfig.LogGroup at it.";
    }

    @Override
    public Level level() {
        return Level.WARNING;
    }

    @Override
    public void check(Template template, Report report) {
        Set<String> ownedNames = new HashSet<>();
        for (Resource group : template.resourcesOfType("AWS::Logs::LogGroup").values()) {
            // !Sub /aws/lambda/${Worker} and !Join ["", [/aws/lambda/, !Ref Worker]] both read /aws/lambda/${Worker}.
            String name = Nodes.flatText(group.property("LogGroupName"));
            if (name != null) {
                ownedNames.add(name);
            }
            if (group.property("RetentionInDays") == null) {
                report.add(group, List.of("Resources", group.logicalId(), "Properties"), group.logicalId()
                        + " has no RetentionInDays, so its events are kept forever: set RetentionInDays");
            }
        }
        for (Resource fn : template.resourcesOfType("AWS::Lambda::Function").values()) {
            Object logGroup = Nodes.map(fn.property("LoggingConfig")).get("LogGroup");
            if (logGroup != null) {
                continue;
            }
            // A Ref to a function is its name, given or generated; so is the FunctionName written out.
            String functionName = Nodes.flatText(fn.property("FunctionName"));
            if (ownedNames.contains("/aws/lambda/${" + fn.logicalId() + "}")
                    || functionName != null && ownedNames.contains("/aws/lambda/" + functionName)) {
                continue;
            }
            report.add(fn, List.of("Resources", fn.logicalId(), "Properties"), fn.logicalId()
                    + " logs to a group the template does not declare; Lambda creates it with no retention: declare an "
                    + "AWS::Logs::LogGroup with RetentionInDays and set LoggingConfig.LogGroup to it");
        }
    }
}
