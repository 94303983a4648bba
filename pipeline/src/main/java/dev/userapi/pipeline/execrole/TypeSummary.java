package dev.userapi.pipeline.execrole;

import java.util.List;
import java.util.Map;

/**
 * What the derivation did with one resource type's published actions.
 *
 * @param granted action → the Sid of the statement that grants it
 * @param withheld action → why the execution role does not get it
 * @param ignored published names that are no IAM action (the Service Authorization Reference does not list them)
 */
public record TypeSummary(String type, String source, String retrieved, Map<String, String> granted, Map<String, String> withheld,
        List<String> ignored) {
    public TypeSummary {
        granted = Map.copyOf(granted);
        withheld = Map.copyOf(withheld);
        ignored = List.copyOf(ignored);
    }
}
