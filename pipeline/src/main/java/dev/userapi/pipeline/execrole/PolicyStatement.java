package dev.userapi.pipeline.execrole;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One statement of the derived policy.
 *
 * @param resources CloudFormation !Sub templates of the bootstrap stack, or {@code "*"}
 * @param condition in CloudFormation's JSON form ({@code {"Ref": "PermissionsBoundary"}}); empty for none
 */
public record PolicyStatement(String sid, String why, boolean allow, List<String> actions, List<String> resources, Map<String, Object> condition) {
    public static final String ANY = "*";

    public PolicyStatement {
        actions = List.copyOf(actions);
        resources = List.copyOf(resources);
        condition = Map.copyOf(condition);
    }

    /** The statement as CloudFormation holds it after parsing: !Sub becomes {"Fn::Sub": ...}. */
    public Map<String, Object> toCloudFormation() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Sid", sid);
        out.put("Effect", allow ? "Allow" : "Deny");
        out.put("Action", actions);
        List<Object> rs = new ArrayList<>();
        for (String r : resources) {
            rs.add(r.equals(ANY) ? ANY : Map.of("Fn::Sub", r));
        }
        out.put("Resource", rs);
        if (!condition.isEmpty()) {
            out.put("Condition", condition);
        }
        return out;
    }
}
