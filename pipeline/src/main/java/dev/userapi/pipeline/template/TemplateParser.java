package dev.userapi.pipeline.template;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads CloudFormation templates written in YAML (with the short-form intrinsic tags) or JSON.
 *
 * <p>It composes the YAML node tree itself rather than letting SnakeYAML construct objects, for three
 * reasons: custom tags such as {@code !Ref} become long-form intrinsics, every key keeps its line, and
 * YAML 1.1 surprises (an unquoted {@code 2010-09-09} becoming a date) stay plain strings.
 */
public final class TemplateParser {
    /** Short-form tag → long-form function name, as CloudFormation defines them. */
    private static final Map<String, String> SHORT_FORMS = Map.ofEntries(
            Map.entry("!Ref", "Ref"),
            Map.entry("!Condition", "Condition"),
            Map.entry("!GetAtt", "Fn::GetAtt"),
            Map.entry("!Sub", "Fn::Sub"),
            Map.entry("!Join", "Fn::Join"),
            Map.entry("!Select", "Fn::Select"),
            Map.entry("!Split", "Fn::Split"),
            Map.entry("!If", "Fn::If"),
            Map.entry("!Equals", "Fn::Equals"),
            Map.entry("!Not", "Fn::Not"),
            Map.entry("!And", "Fn::And"),
            Map.entry("!Or", "Fn::Or"),
            Map.entry("!FindInMap", "Fn::FindInMap"),
            Map.entry("!Base64", "Fn::Base64"),
            Map.entry("!Cidr", "Fn::Cidr"),
            Map.entry("!ImportValue", "Fn::ImportValue"),
            Map.entry("!GetAZs", "Fn::GetAZs"),
            Map.entry("!Transform", "Fn::Transform"),
            Map.entry("!ToJsonString", "Fn::ToJsonString"),
            Map.entry("!Length", "Fn::Length"),
            Map.entry("!ForEach", "Fn::ForEach"));

    /**
     * Condition functions of the Rules section (Assertions and RuleCondition), short form → long form.
     * CloudFormation accepts them there and nowhere else. Fn::And, Fn::Or, Fn::Not and Fn::Equals are
     * valid in Rules too, and also in Conditions and Fn::If, so they are in {@link #SHORT_FORMS}.
     */
    private static final Map<String, String> RULE_FUNCTIONS = Map.of(
            "!Contains", "Fn::Contains",
            "!EachMemberEquals", "Fn::EachMemberEquals",
            "!EachMemberIn", "Fn::EachMemberIn",
            "!RefAll", "Fn::RefAll",
            "!ValueOf", "Fn::ValueOf",
            "!ValueOfAll", "Fn::ValueOfAll");

    private static final Set<String> RULE_FUNCTION_NAMES = Set.copyOf(RULE_FUNCTIONS.values());

    private static final Set<String> TOP_LEVEL = Set.of("AWSTemplateFormatVersion", "Description", "Metadata",
            "Parameters", "Rules", "Mappings", "Conditions", "Transform", "Resources", "Outputs");

    private TemplateParser() {
    }

    public static Template parse(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new TemplateException(file, 0, "no such file; check the path");
        } catch (IOException e) {
            throw new TemplateException(file, 0, "cannot read: " + e.getMessage());
        }
        return parse(file, text);
    }

    public static Template parse(Path file, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        // CloudFormation's own limit for a template body read from S3 is 1 MB; leave headroom.
        options.setCodePointLimit(4 * 1024 * 1024);
        Node node;
        try (Reader reader = new StringReader(text)) {
            node = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 0 : mark.getLine() + 1;
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw new TemplateException(file, line, "syntax error: " + problem.strip());
        } catch (YAMLException | IOException e) {
            throw new TemplateException(file, 0, "syntax error: " + e.getMessage());
        }
        if (node == null) {
            throw new TemplateException(file, 1, "the template is empty; it needs at least a Resources section");
        }
        if (!(node instanceof MappingNode)) {
            throw new TemplateException(file, line(node), "a template is a mapping of sections (Resources, Parameters, ...)");
        }
        Map<String, Integer> lines = new HashMap<>();
        Converter converter = new Converter(file, lines);
        Object root = converter.convert(node, "");
        if (converter.anchored) {
            refuseAliases(file, text, options);
        }
        Map<String, Object> map = Template.cast((Map<?, ?>) root);
        for (String key : map.keySet()) {
            if (!TOP_LEVEL.contains(key)) {
                throw new TemplateException(file, lines.getOrDefault(key, 0),
                        "unknown top-level section '" + key + "'; valid sections are " + String.join(", ", TOP_LEVEL.stream().sorted().toList()));
            }
        }
        if (!(map.get("Resources") instanceof Map<?, ?> resources) || resources.isEmpty()) {
            throw new TemplateException(file, lines.getOrDefault("Resources", 1),
                    "a template needs a non-empty Resources section");
        }
        return new Template(file, map, lines, converter.literals);
    }

    /**
     * CloudFormation refuses a template with YAML aliases ("YAML aliases are not allowed in CloudFormation
     * templates") when the change set is made; the composed tree no longer shows where an alias was
     * written, so the events are read again, only for templates that define an anchor.
     */
    private static void refuseAliases(Path file, String text, LoaderOptions options) {
        for (Event event : new Yaml(options).parse(new StringReader(text))) {
            if (event instanceof AliasEvent alias) {
                int line = alias.getStartMark() == null ? 0 : alias.getStartMark().getLine() + 1;
                throw new TemplateException(file, line, "YAML alias *" + alias.getAnchor() + ": CloudFormation does not "
                        + "accept YAML anchors and aliases (\"YAML aliases are not allowed\"); write the value out here, "
                        + "or share it with a parameter, a mapping (!FindInMap) or a nested stack");
            }
        }
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    /** Turns the node tree into maps, lists and scalars, recording each key's line. */
    private static final class Converter {
        private final Path file;
        private final Map<String, Integer> lines;
        /** Whether any node carries an anchor (&name): only then can there be aliases to look for. */
        private boolean anchored;
        /** See {@link Template#literals()}. */
        private final Map<String, String> literals = new HashMap<>();

        Converter(Path file, Map<String, Integer> lines) {
            this.file = file;
            this.lines = lines;
        }

        Object convert(Node node, String path) {
            if (node.getAnchor() != null) {
                anchored = true;
            }
            String tag = node.getTag().getValue();
            if (tag.startsWith("!") && !tag.startsWith("!!")) {
                String fn = SHORT_FORMS.containsKey(tag) ? SHORT_FORMS.get(tag) : RULE_FUNCTIONS.get(tag);
                if (RULE_FUNCTIONS.containsKey(tag)) {
                    requireRules(node, path, tag);
                }
                if (fn == null) {
                    throw new TemplateException(file, line(node), "unknown tag " + tag
                            + "; CloudFormation's short forms are " + String.join(", ", SHORT_FORMS.keySet().stream().sorted().toList())
                            + " (and, in the Rules section only, " + String.join(", ", RULE_FUNCTIONS.keySet().stream().sorted().toList()) + ")");
                }
                Object arg = switch (node) {
                    case ScalarNode s when fn.equals("Fn::GetAtt") -> splitGetAtt(s);
                    case ScalarNode s -> s.getValue();
                    default -> plain(node, path + "/" + fn);
                };
                Map<String, Object> m = new LinkedHashMap<>();
                m.put(fn, arg);
                lines.putIfAbsent(join(path, fn), line(node));
                return m;
            }
            return plain(node, path);
        }

        /** Rule functions are valid only under Rules/<rule>/ (its RuleCondition and Assertions). */
        private void requireRules(Node node, String path, String function) {
            if (!path.startsWith("Rules/")) {
                throw new TemplateException(file, line(node), function + " is a condition function of the Rules "
                        + "section and CloudFormation accepts it only there (in a rule's RuleCondition or Assertions); use "
                        + "!Equals, !And, !Or, !Not or !If in Conditions and Resources");
            }
        }

        private Object plain(Node node, String path) {
            return switch (node) {
                case MappingNode m -> mapping(m, path);
                case SequenceNode s -> {
                    List<Object> out = new ArrayList<>(s.getValue().size());
                    int i = 0;
                    for (Node item : s.getValue()) {
                        String p = join(path, String.valueOf(i++));
                        lines.put(p, line(item));
                        out.add(convert(item, p));
                    }
                    yield out;
                }
                case ScalarNode s -> {
                    Object value = scalar(s);
                    if (!(value instanceof String)) {
                        literals.put(path, s.getValue());
                    }
                    yield value;
                }
                default -> throw new TemplateException(file, line(node), "unsupported YAML node");
            };
        }

        private Map<String, Object> mapping(MappingNode m, String path) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode keyNode)) {
                    throw new TemplateException(file, line(t.getKeyNode()), "a key must be a plain string");
                }
                String key = keyNode.getValue();
                if (out.containsKey(key)) {
                    throw new TemplateException(file, line(keyNode), "duplicate key '" + key + "'"
                            + (path.isEmpty() ? "" : " under " + path) + "; CloudFormation keeps only one of them");
                }
                if (RULE_FUNCTION_NAMES.contains(key) && m.getValue().size() == 1) {
                    requireRules(keyNode, path, key);
                }
                String p = join(path, key);
                lines.put(p, line(keyNode));
                out.put(key, convert(t.getValueNode(), p));
            }
            return out;
        }

        private Object splitGetAtt(ScalarNode s) {
            String v = s.getValue();
            int dot = v.indexOf('.');
            if (dot <= 0 || dot == v.length() - 1) {
                throw new TemplateException(file, line(s), "!GetAtt needs LogicalId.Attribute, got '" + v + "'");
            }
            return List.of(v.substring(0, dot), v.substring(dot + 1));
        }

        private static Object scalar(ScalarNode s) {
            String v = s.getValue();
            if (s.getScalarStyle() != DumperOptions.ScalarStyle.PLAIN) {
                return v;
            }
            Tag tag = s.getTag();
            if (Tag.NULL.equals(tag)) {
                return null;
            }
            if (Tag.BOOL.equals(tag) && (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false"))) {
                return Boolean.parseBoolean(v);
            }
            if (Tag.INT.equals(tag) && v.matches("[-+]?[0-9]{1,18}")) {
                return Long.parseLong(v);
            }
            if (Tag.FLOAT.equals(tag) && v.matches("[-+]?[0-9]*\\.[0-9]+([eE][-+]?[0-9]+)?")) {
                return Double.parseDouble(v);
            }
            return v;
        }

        private static String join(String path, String key) {
            return path.isEmpty() ? key : path + "/" + key;
        }
    }
}
