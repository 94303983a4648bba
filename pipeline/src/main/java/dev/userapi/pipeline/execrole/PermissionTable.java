package dev.userapi.pipeline.execrole;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The published handler permissions of the resource types the project's templates may use
 * ({@code resource-permissions.json}, refreshed by {@code scripts/refresh-resource-permissions.sh}).
 */
public final class PermissionTable {
    static final String RESOURCE = "resource-permissions.json";

    private final Map<String, HandlerPermissions> types;

    private PermissionTable(Map<String, HandlerPermissions> types) {
        this.types = types;
    }

    /** The table shipped with the pipeline, read once. */
    public static PermissionTable shipped() {
        return Holder.TABLE;
    }

    private static final class Holder {
        static final PermissionTable TABLE = load();

        private static PermissionTable load() {
            try (InputStream in = PermissionTable.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the pipeline jar; rebuild it");
                }
                return parse(new ObjectMapper().readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
        }
    }

    static PermissionTable parse(JsonNode root) {
        Map<String, HandlerPermissions> types = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> entries = root.path("types").fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> e = entries.next();
            JsonNode t = e.getValue();
            Map<String, List<String>> handlers = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> hs = t.path("handlers").fields();
            while (hs.hasNext()) {
                Map.Entry<String, JsonNode> h = hs.next();
                List<String> actions = new ArrayList<>();
                h.getValue().forEach(a -> actions.add(a.asText()));
                handlers.put(h.getKey(), actions);
            }
            if (t.path("source").asText().isBlank() || t.path("retrieved").asText().isBlank()) {
                throw new IllegalStateException(RESOURCE + ": " + e.getKey() + " needs a source and a retrieval date");
            }
            types.put(e.getKey(), new HandlerPermissions(e.getKey(), t.path("source").asText(), t.path("retrieved").asText(), handlers));
        }
        return new PermissionTable(types);
    }

    public Optional<HandlerPermissions> find(String type) {
        return Optional.ofNullable(types.get(type));
    }

    public Map<String, HandlerPermissions> types() {
        return Map.copyOf(types);
    }
}
