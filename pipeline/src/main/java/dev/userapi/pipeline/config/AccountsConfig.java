package dev.userapi.pipeline.config;

import dev.userapi.pipeline.suggest.Suggestions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * accounts.yaml, validated and with every default applied. Built only by {@link AccountsConfigLoader},
 * which has already rejected unknown environments in {@code after}, cycles and so on; the methods here
 * can therefore trust the graph.
 *
 * @param environments in file order
 */
public record AccountsConfig(Path file, String app, Tooling tooling, Map<String, Environment> environments) {

    public AccountsConfig {
        environments = Collections.unmodifiableMap(new LinkedHashMap<>(environments));
    }

    /** The named environment, or a {@link ConfigException} that lists the valid names. */
    public Environment environment(String name) {
        Environment e = environments.get(name);
        if (e == null) {
            String suggestion = Suggestions.closest(name, environments.keySet())
                    .map(s -> "did you mean '" + s + "'? ").orElse("");
            throw new ConfigException(file, 0, "environments",
                    "no environment named '" + name + "'; " + suggestion
                            + "valid environments: " + String.join(", ", environments.keySet()));
        }
        return e;
    }

    /**
     * Every environment, each after the one its {@code after} names (file order among equals), so
     * dev comes before staging before prod whatever order the file lists them in.
     */
    public List<Environment> promotionOrder() {
        List<Environment> out = new ArrayList<>(environments.size());
        Set<String> placed = new LinkedHashSet<>();
        while (placed.size() < environments.size()) {
            boolean progressed = false;
            for (Environment e : environments.values()) {
                if (!placed.contains(e.name()) && (e.after() == null || placed.contains(e.after()))) {
                    placed.add(e.name());
                    out.add(e);
                    progressed = true;
                }
            }
            if (!progressed) {
                // The loader rejects cycles; a record built by hand could still hold one.
                throw new IllegalStateException("the 'after' order of " + file + " has a cycle");
            }
        }
        return out;
    }

    /** The environment named by {@code e.after()}: the one whose deployed artifact {@code e} promotes. */
    public Optional<Environment> previous(Environment e) {
        return e.after() == null ? Optional.empty() : Optional.ofNullable(environments.get(e.after()));
    }
}
