package dev.userapi.pipeline.config;

import dev.userapi.pipeline.suggest.Suggestions;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
        // The order of placing, in passes over the file, every environment whose 'after' is placed:
        // an environment goes in the pass of its 'after' when that comes earlier in the file, else in
        // the next pass. Computing each pass number once keeps this linear however long the chains.
        List<Environment> inFileOrder = new ArrayList<>(environments.values());
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < inFileOrder.size(); i++) {
            index.put(inFileOrder.get(i).name(), i);
        }
        Map<String, Integer> pass = new HashMap<>();
        int passes = 0;
        for (Environment e : inFileOrder) {
            // Walk up to an environment whose pass is known (or a root), then fill the passes in on the way back.
            Deque<Environment> chain = new ArrayDeque<>();
            Set<String> onChain = new HashSet<>();
            Environment current = e;
            while (current != null && !pass.containsKey(current.name())) {
                if (!onChain.add(current.name())) {
                    // The loader rejects cycles; a record built by hand could still hold one.
                    throw new IllegalStateException("the 'after' order of " + file + " has a cycle");
                }
                chain.push(current);
                current = current.after() == null ? null : environments.get(current.after());
            }
            while (!chain.isEmpty()) {
                Environment next = chain.pop();
                Integer parent = next.after() == null ? null : pass.get(next.after());
                int p = parent == null ? 0 : index.get(next.after()) < index.get(next.name()) ? parent : parent + 1;
                pass.put(next.name(), p);
                passes = Math.max(passes, p + 1);
            }
        }
        List<List<Environment>> buckets = new ArrayList<>(passes);
        for (int i = 0; i < passes; i++) {
            buckets.add(new ArrayList<>());
        }
        for (Environment e : inFileOrder) {
            buckets.get(pass.get(e.name())).add(e);
        }
        List<Environment> out = new ArrayList<>(inFileOrder.size());
        buckets.forEach(out::addAll);
        return out;
    }

    /** The environment named by {@code e.after()}: the one whose deployed artifact {@code e} promotes. */
    public Optional<Environment> previous(Environment e) {
        return e.after() == null ? Optional.empty() : Optional.ofNullable(environments.get(e.after()));
    }
}
