package dev.userapi.pipeline.template;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed CloudFormation template: plain maps, lists and scalars in document order, intrinsics in
 * their long form, and the line where each key was written so every finding can point at it.
 *
 * @param lines    the 1-based line of each key, by its path ({@code Resources/Table/Properties/0})
 * @param literals the text as written of each unquoted scalar read as a number, a boolean or null, by
 *                 its path: {@code 010} for the number 10, {@code ~} for null
 */
public record Template(Path file, Map<String, Object> root, Map<String, Integer> lines, Map<String, String> literals) {

    public Template {
        root = Collections.unmodifiableMap(root);
        lines = Collections.unmodifiableMap(lines);
        literals = Collections.unmodifiableMap(literals);
    }

    public Template(Path file, Map<String, Object> root, Map<String, Integer> lines) {
        this(file, root, lines, Map.of());
    }

    public Map<String, Object> section(String name) {
        return root.get(name) instanceof Map<?, ?> m ? cast(m) : Map.of();
    }

    public Map<String, Object> parameters() {
        return section("Parameters");
    }

    public Map<String, Object> conditions() {
        return section("Conditions");
    }

    public Map<String, Object> outputs() {
        return section("Outputs");
    }

    public Map<String, Object> mappings() {
        return section("Mappings");
    }

    public boolean hasTransform() {
        return root.containsKey("Transform");
    }

    /** Every resource, in template order. Entries that are not maps are skipped (the parser reports them). */
    public Map<String, Resource> resources() {
        Map<String, Resource> out = new LinkedHashMap<>();
        section("Resources").forEach((id, def) -> {
            if (def instanceof Map<?, ?> m) {
                Map<String, Object> d = cast(m);
                Object type = d.get("Type");
                Map<String, Object> props = d.get("Properties") instanceof Map<?, ?> p ? cast(p) : Map.of();
                out.put(id, new Resource(id, type instanceof String s ? s : "", props, d, line("Resources", id)));
            }
        });
        return out;
    }

    public Map<String, Resource> resourcesOfType(String type) {
        Map<String, Resource> out = new LinkedHashMap<>();
        resources().forEach((id, r) -> {
            if (r.isType(type)) {
                out.put(id, r);
            }
        });
        return out;
    }

    /**
     * The line of the deepest existing key on {@code path} (segments are keys or list indexes), so a
     * finding about a missing property lands on its parent. 0 when not even the first key exists.
     */
    public int line(Object... path) {
        StringBuilder key = new StringBuilder();
        int best = 0;
        for (Object segment : path) {
            if (!key.isEmpty()) {
                key.append('/');
            }
            key.append(segment);
            Integer l = lines.get(key.toString());
            if (l == null) {
                break;
            }
            best = l;
        }
        return best;
    }

    public int line(List<?> path) {
        return line(path.toArray());
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }
}
