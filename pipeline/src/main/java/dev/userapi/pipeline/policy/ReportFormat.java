package dev.userapi.pipeline.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The output formats of {@code pipeline validate}. */
public enum ReportFormat {
    /** {@code file:line: RULE message}, one finding per line: for terminals, editors and grep. */
    TEXT {
        @Override
        public String render(ValidationResult result, PathStyle paths, String version) {
            StringBuilder out = new StringBuilder();
            for (Finding f : result.findings()) {
                out.append(f.describe(paths.forPeople(f.file()))).append('\n');
            }
            return out.toString();
        }
    },
    /** The same findings as one JSON document, for scripts. */
    JSON {
        @Override
        public String render(ValidationResult result, PathStyle paths, String version) {
            ObjectNode root = Json.MAPPER.createObjectNode();
            ArrayNode templates = root.putArray("templates");
            result.templates().forEach(t -> templates.add(paths.forMachines(t)));
            ArrayNode findings = root.putArray("findings");
            for (Finding f : result.findings()) {
                findings.addObject()
                        .put("file", paths.forMachines(f.file()))
                        .put("line", f.line())
                        .put("rule", f.ruleId())
                        .put("level", f.level().sarif())
                        .put("message", f.message());
            }
            return write(root);
        }
    },
    /** SARIF 2.1.0, which GitHub code scanning shows as annotations on pull requests. */
    SARIF {
        @Override
        public String render(ValidationResult result, PathStyle paths, String version) {
            ObjectNode log = Json.MAPPER.createObjectNode();
            log.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            log.put("version", "2.1.0");
            ObjectNode run = log.putArray("runs").addObject();
            ObjectNode driver = run.putObject("tool").putObject("driver");
            driver.put("name", "pipeline validate");
            if (version != null) {
                driver.put("version", version);
            }
            Map<String, Integer> index = new HashMap<>();
            ArrayNode rules = driver.putArray("rules");
            List<Rule> all = result.rules();
            for (int i = 0; i < all.size(); i++) {
                Rule r = all.get(i);
                index.put(r.id(), i);
                ObjectNode rule = rules.addObject();
                rule.put("id", r.id());
                rule.put("name", camel(r.id()));
                rule.putObject("shortDescription").put("text", r.title());
                rule.putObject("fullDescription").put("text", r.description());
                rule.putObject("help")
                        .put("text", "Why it matters: " + r.why() + "\nHow to fix: " + r.fix())
                        .put("markdown", "**Why it matters.** " + r.why() + "\n\n**How to fix.** " + r.fix());
                rule.putObject("defaultConfiguration").put("level", r.level().sarif());
                rule.putObject("properties").putArray("tags").add(r.level() == Level.ERROR ? "security" : "maintainability");
            }
            ArrayNode results = run.putArray("results");
            for (Finding f : result.findings()) {
                ObjectNode res = results.addObject();
                res.put("ruleId", f.ruleId());
                Integer i = index.get(f.ruleId());
                if (i != null) {
                    res.put("ruleIndex", i);
                }
                res.put("level", f.level().sarif());
                res.putObject("message").put("text", f.message());
                ObjectNode physical = res.putArray("locations").addObject().putObject("physicalLocation");
                physical.putObject("artifactLocation").put("uri", paths.forMachines(f.file()));
                // SARIF lines start at 1; a whole-file finding points at the first line.
                physical.putObject("region").put("startLine", Math.max(1, f.line()));
            }
            return write(log);
        }
    };

    /** Jackson loads only when a machine format is asked for; text output stays light. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    public abstract String render(ValidationResult result, PathStyle paths, String version);

    /** The format named {@code name} in any case; an unknown name lists the valid ones. */
    public static ReportFormat named(String name) {
        for (ReportFormat f : values()) {
            if (f.name().equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown output format '" + name + "'; use text, json or sarif");
    }

    private static String write(ObjectNode node) {
        try {
            return Json.MAPPER.writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "iam-wildcard-action" → "IamWildcardAction", SARIF's readable rule name. */
    static String camel(String id) {
        StringBuilder out = new StringBuilder();
        for (String part : id.split("-")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.toString();
    }
}
