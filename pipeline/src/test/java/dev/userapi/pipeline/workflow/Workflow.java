package dev.userapi.pipeline.workflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A GitHub Actions workflow file as plain maps and lists, with just enough navigation for the
 * workflow rules. The parsed maps stay mutable so tests can break a real workflow in one place and
 * show that a rule notices.
 */
final class Workflow {
    private final String name;
    private final String text;
    private final Map<String, Object> root;

    private Workflow(String name, String text, Map<String, Object> root) {
        this.name = name;
        this.text = text;
        this.root = root;
    }

    static Workflow load(Path file) throws IOException {
        return parse(file.getFileName().toString(), Files.readString(file));
    }

    static Workflow parse(String name, String text) {
        LoaderOptions options = new LoaderOptions();
        // GitHub rejects duplicate keys; a silently merged one would hide a mistake from the rules.
        options.setAllowDuplicateKeys(false);
        Object parsed = new Yaml(new SafeConstructor(options)).load(text);
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(name + ": not a YAML mapping");
        }
        Map<String, Object> root = new LinkedHashMap<>();
        // YAML 1.1 reads the bare key `on` as the boolean true; GitHub reads it as "on".
        map.forEach((k, v) -> root.put(Boolean.TRUE.equals(k) ? "on" : String.valueOf(k), v));
        return new Workflow(name, text, root);
    }

    String name() {
        return name;
    }

    String text() {
        return text;
    }

    Map<String, Object> root() {
        return root;
    }

    Object permissions() {
        return root.get("permissions");
    }

    /** The triggers as a map (a bare `on: push` or `on: [push]` becomes keys with null values). */
    Map<String, Object> on() {
        Object on = root.get("on");
        Map<String, Object> triggers = new LinkedHashMap<>();
        if (on instanceof String s) {
            triggers.put(s, null);
        } else if (on instanceof List<?> list) {
            list.forEach(t -> triggers.put(String.valueOf(t), null));
        } else if (on instanceof Map<?, ?> map) {
            map.forEach((k, v) -> triggers.put(String.valueOf(k), v));
        }
        return triggers;
    }

    Map<String, Job> jobs() {
        Map<String, Job> jobs = new LinkedHashMap<>();
        if (root.get("jobs") instanceof Map<?, ?> map) {
            map.forEach((id, body) -> jobs.put(String.valueOf(id), new Job(String.valueOf(id), asMap(body))));
        }
        return jobs;
    }

    Optional<Job> job(String id) {
        return Optional.ofNullable(jobs().get(id));
    }

    /** Every {@code uses:} line of the raw text with its trailing comment (SnakeYAML drops comments). */
    List<UsesLine> usesLines() {
        Pattern uses = Pattern.compile("^\\s*(?:-\\s+)?uses:\\s*['\"]?([^\\s'\"#]+)['\"]?\\s*(?:#\\s*(.*))?$");
        List<UsesLine> lines = new ArrayList<>();
        String[] all = text.split("\n", -1);
        for (int i = 0; i < all.length; i++) {
            Matcher m = uses.matcher(all[i]);
            if (m.matches()) {
                lines.add(new UsesLine(i + 1, m.group(1), m.group(2) == null ? "" : m.group(2).trim()));
            }
        }
        return lines;
    }

    record UsesLine(int line, String reference, String comment) {
    }

    /** One job; accessors return empty values rather than null for keys the job leaves out. */
    record Job(String id, Map<String, Object> body) {
        /** The environment name, from {@code environment: NAME} or {@code environment: {name: NAME}}. */
        String environment() {
            Object env = body.get("environment");
            if (env instanceof Map<?, ?> map) {
                env = map.get("name");
            }
            return env == null ? null : String.valueOf(env);
        }

        List<String> needs() {
            Object needs = body.get("needs");
            if (needs instanceof List<?> list) {
                return list.stream().map(String::valueOf).toList();
            }
            return needs == null ? List.of() : List.of(String.valueOf(needs));
        }

        Object permissions() {
            return body.get("permissions");
        }

        Map<String, Object> outputs() {
            return asMap(body.get("outputs"));
        }

        Object concurrency() {
            return body.get("concurrency");
        }

        List<Step> steps() {
            List<Step> steps = new ArrayList<>();
            if (body.get("steps") instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    steps.add(new Step(id, i, asMap(list.get(i))));
                }
            }
            return steps;
        }

        /** The live step list, for tests that add, move or remove steps. */
        @SuppressWarnings("unchecked")
        List<Object> rawSteps() {
            return (List<Object>) body.get("steps");
        }
    }

    record Step(String jobId, int index, Map<String, Object> body) {
        String uses() {
            Object uses = body.get("uses");
            return uses == null ? "" : String.valueOf(uses);
        }

        /** The action without its ref: {@code actions/checkout@abc # v1} gives {@code actions/checkout}. */
        String action() {
            String uses = uses();
            int at = uses.indexOf('@');
            return at < 0 ? uses : uses.substring(0, at);
        }

        String run() {
            Object run = body.get("run");
            return run == null ? "" : String.valueOf(run);
        }

        Map<String, Object> with() {
            return asMap(body.get("with"));
        }

        Map<String, Object> env() {
            return asMap(body.get("env"));
        }

        String withValue(String key) {
            Object value = with().get(key);
            return value == null ? null : String.valueOf(value);
        }

        String describe() {
            Object name = body.get("name");
            String what = name != null ? "'" + name + "'" : !uses().isEmpty() ? uses() : firstLine(run());
            return "job " + jobId + " step " + (index + 1) + " (" + what + ")";
        }

        private static String firstLine(String s) {
            int nl = s.indexOf('\n');
            return nl < 0 ? s : s.substring(0, nl) + " ...";
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) {
        return o instanceof Map<?, ?> ? (Map<String, Object>) o : Map.of();
    }
}
