package dev.userapi.pipeline.template;

import java.util.Map;

/**
 * One entry of a template's {@code Resources} section, with the line it starts on.
 *
 * @param properties the {@code Properties} map, empty when absent
 * @param definition the whole resource entry (Type, Properties, DeletionPolicy, DependsOn, ...)
 */
public record Resource(String logicalId, String type, Map<String, Object> properties,
                       Map<String, Object> definition, int line) {

    public String deletionPolicy() {
        return definition.get("DeletionPolicy") instanceof String s ? s : null;
    }

    public String updateReplacePolicy() {
        return definition.get("UpdateReplacePolicy") instanceof String s ? s : null;
    }

    public Object property(String name) {
        return properties.get(name);
    }

    public boolean isType(String t) {
        return t.equals(type);
    }
}
