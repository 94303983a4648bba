package dev.userapi.pipeline.execrole;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Where the execution role may use each type's handler actions ({@code exec-role-scopes.yaml}):
 * grants (which published actions, on which ARN patterns, under which condition), actions withheld
 * with the reason, and Deny statements that protect names the patterns would otherwise reach.
 */
public final class Scopes {
    static final String RESOURCE = "exec-role-scopes.yaml";

    /** A grant: the handler actions {@code match} selects, allowed on {@code resources} (CloudFormation !Sub templates). */
    public record Grant(String sid, String why, List<String> match, List<String> resources, Map<String, Object> condition) {
        public Grant {
            match = List.copyOf(match);
            resources = List.copyOf(resources);
            condition = condition == null ? Map.of() : Map.copyOf(condition);
        }
    }

    /** A Deny of every action the type's grants allow, on {@code resources}. */
    public record Protection(String sid, String why, List<String> resources) {
        public Protection {
            resources = List.copyOf(resources);
        }
    }

    public record TypeScope(String type, List<Grant> grants, Map<String, String> withheld, List<Protection> protect) {
        public TypeScope {
            grants = List.copyOf(grants);
            withheld = Map.copyOf(withheld);
            protect = List.copyOf(protect);
        }
    }

    private final Map<String, TypeScope> types;
    private final String unscopedSid;
    private final String unscopedWhy;

    private Scopes(Map<String, TypeScope> types, String unscopedSid, String unscopedWhy) {
        this.types = types;
        this.unscopedSid = unscopedSid;
        this.unscopedWhy = unscopedWhy;
    }

    public static Scopes shipped() {
        return Holder.SCOPES;
    }

    private static final class Holder {
        static final Scopes SCOPES = load();

        private static Scopes load() {
            try (InputStream in = Scopes.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the pipeline jar; rebuild it");
                }
                return parse(new Yaml(new SafeConstructor(new LoaderOptions())).load(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Scopes parse(Object loaded) {
        Map<String, Object> root = (Map<String, Object>) loaded;
        Map<String, String> patterns = (Map<String, String>) root.get("patterns");
        Map<String, Object> unscoped = (Map<String, Object>) root.get("unscoped");
        Map<String, TypeScope> types = new LinkedHashMap<>();
        ((Map<String, Object>) root.get("types")).forEach((type, body) -> {
            Map<String, Object> t = (Map<String, Object>) body;
            List<Grant> grants = new ArrayList<>();
            for (Object g : (List<Object>) t.getOrDefault("grants", List.of())) {
                Map<String, Object> grant = (Map<String, Object>) g;
                grants.add(new Grant((String) grant.get("sid"), (String) grant.get("why"), (List<String>) grant.get("match"),
                        expand(type, patterns, (List<String>) grant.get("resources")), (Map<String, Object>) grant.get("condition")));
            }
            List<Protection> protect = new ArrayList<>();
            for (Object p : (List<Object>) t.getOrDefault("protect", List.of())) {
                Map<String, Object> protection = (Map<String, Object>) p;
                protect.add(new Protection((String) protection.get("sid"), (String) protection.get("why"),
                        expand(type, patterns, (List<String>) protection.get("resources"))));
            }
            Map<String, String> withheld = new LinkedHashMap<>();
            ((Map<String, String>) t.getOrDefault("withheld", Map.of())).forEach(withheld::put);
            types.put(type, new TypeScope(type, grants, withheld, protect));
        });
        return new Scopes(types, (String) unscoped.get("sid"), (String) unscoped.get("why"));
    }

    /** Pattern names to their ARN templates; a name the file does not define is a mistake in the file, said at load. */
    private static List<String> expand(String type, Map<String, String> patterns, List<String> names) {
        List<String> out = new ArrayList<>();
        for (String name : names) {
            String arn = patterns.get(name);
            if (arn == null) {
                throw new IllegalStateException(RESOURCE + ": " + type + " names pattern '" + name + "', which 'patterns' does not define");
            }
            out.add(arn);
        }
        return out;
    }

    public Optional<TypeScope> find(String type) {
        return Optional.ofNullable(types.get(type));
    }

    public String unscopedSid() {
        return unscopedSid;
    }

    public String unscopedWhy() {
        return unscopedWhy;
    }
}
