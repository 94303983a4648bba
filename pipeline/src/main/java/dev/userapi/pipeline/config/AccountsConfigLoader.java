package dev.userapi.pipeline.config;

import dev.userapi.pipeline.suggest.Suggestions;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Reads and validates accounts.yaml.
 *
 * <p>It walks SnakeYAML's node tree (the compose API) instead of letting SnakeYAML build objects, so
 * every value keeps its line and its quoting: an unquoted {@code 012345678901} is a number to YAML
 * (a float, even, because of the 8 and 9) and must be caught as such, not silently turned into
 * {@code 12345678901}. Every problem is collected and reported together, so one run shows the user
 * everything to fix. Nothing here touches AWS.
 */
public final class AccountsConfigLoader {
    static final Set<String> TOP_KEYS = orderedSet("app", "tooling", "environments");
    static final Set<String> TOOLING_KEYS = orderedSet("account", "region", "ciRole", "github");
    static final Set<String> GITHUB_KEYS = orderedSet("owner", "repo", "ownerId", "repoId");
    static final Set<String> ENVIRONMENT_KEYS = orderedSet("account", "region", "regions", "targets", "after",
            "protected", "parameters", "trustedPrincipals", "apiCallers", "deployerRole", "executionRole", "artifactBucket",
            "stackName", "endpoint");

    /** The app template's parameters that {@code apiCallers} fills: accounts, and single principals. */
    static final String CALLER_ACCOUNTS = "ApiCallerAccounts";
    static final String CALLER_PRINCIPALS = "ApiCallerPrincipalArns";
    static final Set<String> TARGET_KEYS = orderedSet("account", "region");

    /** Parameters the deploy sets itself; a value in accounts.yaml would fight with it. */
    private static final Map<String, String> RESERVED_PARAMETERS = Map.of(
            "ArtifactBucket", "the deploy passes the target's artifact bucket",
            "ArtifactKey", "the deploy passes the uploaded artifact's key",
            "AppName", "the deploy passes the top-level 'app:'; change that instead");

    private static final Pattern APP = Pattern.compile("[a-z][a-z0-9-]{1,30}");
    private static final Pattern ENV_NAME = Pattern.compile("[a-z][a-z0-9-]{0,30}");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    /** IAM role names: 1-64 of {@code [\w+=,.@-]}. */
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    /** {@code arn:PARTITION:iam::ACCOUNT:role/PATH/NAME}; the path is {@code /} or {@code /seg/.../}. */
    private static final Pattern ROLE_ARN = Pattern.compile(
            "arn:(aws|aws-us-gov|aws-cn):iam::([0-9]{12}):role/((?:[\\u0021-\\u007E&&[^/]]+/)*)([\\w+=,.@-]{1,64})");
    /** Principals a trust policy can name for a human: a role, a user, or a whole account. */
    private static final Pattern PRINCIPAL_ARN = Pattern.compile(
            "arn:(aws|aws-us-gov|aws-cn):iam::([0-9]{12}):(root|(role|user)/(?:[\\u0021-\\u007E&&[^/]]+/)*[\\w+=,.@-]{1,64})");
    private static final Pattern STACK_NAME = Pattern.compile("[a-zA-Z][-a-zA-Z0-9]*");
    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z0-9]{1,255}");
    private static final Pattern ENV_VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");
    private static final Pattern SSM_NAME = Pattern.compile("[a-zA-Z0-9_./-]{1,2048}");
    private static final Pattern GITHUB_OWNER = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}");
    private static final Pattern GITHUB_REPO = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final Set<String> PLACEHOLDERS = orderedSet("app", "env", "account", "region");

    /** The largest accounts.yaml read, in bytes (and the YAML parser's limit in characters). */
    static final int MAX_BYTES = 1024 * 1024;
    /** Aliases of lists and mappings allowed in one file. */
    static final int MAX_ALIASES = 20;

    private AccountsConfigLoader() {
    }

    /** The validated configuration; a {@link ConfigException} carrying every problem found otherwise. */
    public static AccountsConfig load(Path file) {
        return load(file, System.getenv());
    }

    /**
     * @param environment process environment: {@code AWS_ENDPOINT_URL} becomes the endpoint of every
     *     target whose environment sets no {@code endpoint:} of its own
     */
    public static AccountsConfig load(Path file, Map<String, String> environment) {
        return parse(file, decode(file, read(file)), environment);
    }

    /**
     * The file's bytes, refused before they are read whole when there are more than {@link #MAX_BYTES}:
     * accounts.yaml lists environments and is a few kilobytes; a megabyte is the wrong file, or an attack.
     */
    private static byte[] read(Path file) {
        try {
            if (Files.isRegularFile(file) && Files.size(file) > MAX_BYTES) {
                throw tooLarge(file, Files.size(file) + " bytes");
            }
            try (InputStream in = Files.newInputStream(file)) {
                byte[] bytes = in.readNBytes(MAX_BYTES + 1); // a pipe or a growing file has no size to trust
                if (bytes.length > MAX_BYTES) {
                    throw tooLarge(file, "more than " + MAX_BYTES + " bytes");
                }
                return bytes;
            }
        } catch (NoSuchFileException e) {
            throw new ConfigException(file, 0, "", "no such file; accounts.yaml lives at the repository root"
                    + " (run from there, or pass its path)");
        } catch (IOException e) {
            throw new ConfigException(file, 0, "", "cannot read the file (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); check that it exists, is a file and is readable");
        }
    }

    private static ConfigException tooLarge(Path file, String size) {
        return new ConfigException(file, 0, "", "the file has " + size + "; accounts.yaml may have at most "
                + MAX_BYTES + " bytes (1 MiB), and a real one is a few kilobytes: check that this is the right file");
    }

    /**
     * The text of a YAML stream: UTF-8, or UTF-16 or UTF-32 announced by a byte-order mark (the YAML
     * specification's encodings). Bytes that are not valid in the encoding are refused at their line
     * and column, with the byte shown and what it would be in Latin-1 (the usual culprit).
     */
    static String decode(Path file, byte[] bytes) {
        Charset charset = StandardCharsets.UTF_8;
        int skip = 0;
        if (startsWith(bytes, 0x00, 0x00, 0xFE, 0xFF)) {
            charset = Charset.forName("UTF-32BE");
            skip = 4;
        } else if (startsWith(bytes, 0xFF, 0xFE, 0x00, 0x00)) {
            charset = Charset.forName("UTF-32LE");
            skip = 4;
        } else if (startsWith(bytes, 0xFE, 0xFF)) {
            charset = StandardCharsets.UTF_16BE;
            skip = 2;
        } else if (startsWith(bytes, 0xFF, 0xFE)) {
            charset = StandardCharsets.UTF_16LE;
            skip = 2;
        } else if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
            skip = 3;
        }
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, skip, bytes.length - skip);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            out.flip();
            String before = out.toString();
            int line = 1 + (int) before.chars().filter(c -> c == '\n').count();
            int column = before.length() - before.lastIndexOf('\n');
            int bad = in.position();
            StringBuilder shown = new StringBuilder();
            for (int i = bad; i < Math.min(bytes.length, bad + Math.max(1, result.length())); i++) {
                shown.append(shown.isEmpty() ? "" : " ").append(String.format("0x%02X", bytes[i] & 0xFF));
            }
            String latin1 = charset == StandardCharsets.UTF_8 && bad < bytes.length && (bytes[bad] & 0xFF) >= 0xA0
                    ? " (in Latin-1 or Windows-1252 that is '" + (char) (bytes[bad] & 0xFF) + "')" : "";
            throw new ConfigException(file, line, "", "column " + column + ": byte " + shown + " is not valid "
                    + charset.name() + latin1 + "; save the file as UTF-8 (your editor's 'Save with encoding' or "
                    + "'iconv -f latin1 -t utf-8'), or write the character as an escape in a double-quoted string (\"\\u00e9\")");
        }
        out.flip();
        return out.toString();
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Validates {@code text} as if read from {@code file}. */
    public static AccountsConfig parse(Path file, String text, Map<String, String> environment) {
        if (text.length() > MAX_BYTES) {
            throw tooLarge(file, text.length() + " characters");
        }
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setCodePointLimit(MAX_BYTES);
        Node root;
        try (Reader reader = new StringReader(text)) {
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw new ConfigException(file, mark == null ? 0 : mark.getLine() + 1, "",
                    "YAML syntax error: " + problem.strip());
        } catch (ReaderException e) {
            // A character YAML does not allow (a control character, a stray NUL from UTF-16 without a BOM).
            throw new ConfigException(file, lineAt(text, e.getPosition()), "", "character "
                    + describe(e.getCodePoint()) + " is not allowed in YAML; delete it (it is invisible in most "
                    + "editors), or save the file as UTF-8 if it was saved as UTF-16 without a byte-order mark");
        } catch (YAMLException | IOException e) {
            if (String.valueOf(e.getMessage()).contains("aliases")) {
                throw tooManyAliases(file, text, options);
            }
            throw new ConfigException(file, 0, "", "YAML syntax error: " + e.getMessage());
        }
        return new Validation(file, text, environment).run(root);
    }

    /**
     * SnakeYAML stops at the alias over the limit but does not say where; the events say it. Only
     * aliases of lists and mappings count, as in SnakeYAML: those are what make a small file expand.
     */
    private static ConfigException tooManyAliases(Path file, String text, LoaderOptions options) {
        Set<String> collections = new HashSet<>();
        int count = 0;
        for (Event event : new Yaml(options).parse(new StringReader(text))) {
            if (event instanceof CollectionStartEvent start && start.getAnchor() != null) {
                collections.add(start.getAnchor());
            } else if (event instanceof AliasEvent alias && collections.contains(alias.getAnchor()) && ++count > MAX_ALIASES) {
                return new ConfigException(file, alias.getStartMark().getLine() + 1, "", "alias *" + alias.getAnchor()
                        + " is alias number " + count + " of a list or mapping; accounts.yaml allows " + MAX_ALIASES
                        + " (the limit keeps a small file from expanding into a huge one): write the values out, or "
                        + "share fewer of them through anchors");
            }
        }
        return new ConfigException(file, 0, "", "more than " + MAX_ALIASES + " aliases of lists or mappings; write the "
                + "values out, or share fewer of them through anchors");
    }

    private static int lineAt(String text, int position) {
        int line = 1;
        for (int i = 0; i < Math.min(position, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** {@code U+200B ZERO WIDTH SPACE}: how a character nobody can see is named so it can be found. */
    static String describe(int codePoint) {
        String name = Character.getName(codePoint);
        return String.format("U+%04X", codePoint) + (name == null ? "" : " " + name);
    }

    /**
     * The first character in {@code value} that a reader cannot see or tell from a plain space, or -1:
     * format characters (zero-width spaces and joiners, byte-order marks, direction marks, soft
     * hyphens), control characters other than tab and line breaks (a block scalar's lines are
     * meant), and spaces other than U+0020 (no-break, figure, ideographic ...).
     */
    static int invisibleAt(String value) {
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            int type = Character.getType(cp);
            boolean ordinary = cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r';
            if (!ordinary && (type == Character.FORMAT || type == Character.CONTROL || type == Character.SPACE_SEPARATOR
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR)) {
                return i;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }

    /** "U+200B ZERO WIDTH SPACE after '222222222222'", or null when every character is visible. */
    static String invisible(String value) {
        int at = invisibleAt(value);
        if (at < 0) {
            return null;
        }
        String before = value.substring(0, at);
        String where = before.isEmpty() ? "at the start" : "after '" + before + "'";
        return describe(value.codePointAt(at)) + " " + where;
    }

    private static Set<String> orderedSet(String... values) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(values)));
    }

    /** One pass over the document, collecting every problem before deciding. */
    private static final class Validation {
        private final Path file;
        /** The document, to see how a value was written where the node tree no longer says (an explicit !!str). */
        private final String text;
        private final Map<String, String> processEnvironment;
        private final List<ConfigException> problems = new ArrayList<>();

        Validation(Path file, String text, Map<String, String> processEnvironment) {
            this.file = file;
            this.text = text;
            this.processEnvironment = processEnvironment;
        }

        AccountsConfig run(Node root) {
            if (root == null) {
                throw new ConfigException(file, 1, "", "the file is empty; it needs app, tooling and environments"
                        + " (see the comments in the repository's accounts.yaml)");
            }
            Map<String, Entry> top = mapping(root, "", TOP_KEYS);
            if (top == null) {
                throw fail();
            }
            String app = app(top.get("app"), root);
            Map<String, Entry> envNodes = environmentsNode(top.get("environments"), root);
            URI defaultEndpoint = endpointFromProcess();

            Map<String, Environment> environments = new LinkedHashMap<>();
            Map<String, After> afters = new LinkedHashMap<>();
            Set<String> seenTargets = new HashSet<>();
            if (envNodes != null) {
                for (Map.Entry<String, Entry> e : envNodes.entrySet()) {
                    Environment env = environment(app, e.getKey(), e.getValue(), envNodes.keySet(), defaultEndpoint,
                            seenTargets, afters);
                    if (env != null) {
                        environments.put(env.name(), env);
                    }
                }
                checkCycles(afters);
            }
            Tooling tooling = tooling(app, top.get("tooling"), root, environments);
            if (!problems.isEmpty()) {
                throw fail();
            }
            return new AccountsConfig(file, app, tooling, environments);
        }

        private ConfigException fail() {
            List<ConfigException> sorted = new ArrayList<>(problems);
            sorted.sort(Comparator.comparingInt(ConfigException::line));
            return ConfigException.of(sorted);
        }

        // ---- top level --------------------------------------------------------------------------

        private String app(Entry entry, Node root) {
            if (entry == null) {
                problem(root, "app", "missing; name the application, e.g. 'app: user-api'"
                        + " (lowercase letters, digits and '-'; it starts every stack and bucket name)");
                return null;
            }
            String app = string(entry, "app");
            if (app != null && !APP.matcher(app).matches()) {
                problem(entry.value, "app", "'" + app + "' is not a valid app name; use 2-31 characters:"
                        + " a lowercase letter, then lowercase letters, digits or '-' (e.g. user-api)");
                return null;
            }
            return app;
        }

        private Map<String, Entry> environmentsNode(Entry entry, Node root) {
            if (entry == null) {
                problem(root, "environments", "missing; list at least one environment, e.g."
                        + " 'environments: { dev: { account: \"222222222222\", region: eu-west-1 } }'");
                return null;
            }
            Map<String, Entry> envs = mapping(entry.value, "environments", null);
            if (envs != null && envs.isEmpty()) {
                problem(entry.value, "environments", "is empty; list at least one environment (dev, staging, prod, ...)");
                return null;
            }
            return envs;
        }

        private Tooling tooling(String app, Entry entry, Node root, Map<String, Environment> environments) {
            if (entry == null) {
                problem(root, "tooling", "missing; name the tooling account that holds the CI role, e.g."
                        + " 'tooling: { account: \"111111111111\", region: eu-west-1 }'");
                return null;
            }
            Map<String, Entry> t = mapping(entry.value, "tooling", TOOLING_KEYS);
            if (t == null) {
                return null;
            }
            String account = present(t, entry.value, "tooling", "account", "the tooling account id, quoted: \"111111111111\"")
                    ? account(t.get("account"), "tooling.account") : null;
            String region;
            if (t.containsKey("region")) {
                region = region(t.get("region").value, "tooling.region");
            } else {
                // The CI identity is global IAM; its stack only needs a home. The first environment's is the natural one.
                region = environments.values().stream().flatMap(e -> e.targets().stream())
                        .map(Target::region).findFirst().orElse("us-east-1");
            }
            String partition = region == null ? "aws" : Regions.partition(region).orElse("aws");
            String ciRole = null;
            if (app != null && account != null) {
                String given = t.containsKey("ciRole") ? string(t.get("ciRole"), "tooling.ciRole") : app + "-ci";
                if (given != null) {
                    ciRole = roleArn(t.containsKey("ciRole") ? t.get("ciRole").value : entry.value,
                            "tooling.ciRole", given, partition, account, "the tooling account");
                }
            }
            GitHub github = t.containsKey("github") ? github(t.get("github")) : null;
            return new Tooling(account, region, ciRole, github);
        }

        private GitHub github(Entry entry) {
            Map<String, Entry> g = mapping(entry.value, "tooling.github", GITHUB_KEYS);
            if (g == null) {
                return null;
            }
            String owner = githubField(g, entry, "owner", GITHUB_OWNER,
                    "a GitHub user or organisation: letters, digits and single '-', at most 39");
            String repo = githubField(g, entry, "repo", GITHUB_REPO, "a repository name: letters, digits, '.', '_', '-'");
            if (".".equals(repo) || "..".equals(repo)) {
                problem(g.get("repo").value, "tooling.github.repo", "'" + repo + "' is not a repository name");
            }
            String ownerId = githubId(g, entry, "ownerId");
            String repoId = githubId(g, entry, "repoId");
            return new GitHub(owner, repo, ownerId, repoId);
        }

        private String githubField(Map<String, Entry> g, Entry parent, String key, Pattern pattern, String valid) {
            String path = "tooling.github." + key;
            if (!present(g, parent.value, "tooling.github", key, valid)) {
                return null;
            }
            String v = string(g.get(key), path);
            if (v != null && !pattern.matcher(v).matches()) {
                problem(g.get(key).value, path, "'" + v + "' is not valid; " + valid);
            }
            return v;
        }

        private String githubId(Map<String, Entry> g, Entry parent, String key) {
            String path = "tooling.github." + key;
            String why = "the numeric id GitHub gives it (gh api repos/OWNER/REPO --jq '.owner.id, .id');"
                    + " the CI trust uses it so a renamed or re-created repository does not inherit access";
            if (!present(g, parent.value, "tooling.github", key, why)) {
                return null;
            }
            Node n = g.get(key).value;
            if (!(n instanceof ScalarNode s) || Tag.NULL.equals(n.getTag())) {
                problem(n, path, "must be a number; " + why);
                return null;
            }
            String v = s.getValue();
            if (!DIGITS.matcher(v).matches() || v.length() > 20 || v.startsWith("0")) {
                problem(n, path, "'" + v + "' is not a GitHub id; " + why);
                return null;
            }
            return v;
        }

        // ---- environments -----------------------------------------------------------------------

        private Environment environment(String app, String name, Entry entry, Set<String> allNames, URI defaultEndpoint,
                                        Set<String> seenTargets, Map<String, After> afters) {
            String path = "environments." + name;
            boolean ok = true;
            if (!ENV_NAME.matcher(name).matches()) {
                problem(entry.key, path, "'" + name + "' is not a valid environment name; use a lowercase letter,"
                        + " then lowercase letters, digits or '-', at most 31 (it becomes part of the stack name)");
                ok = false;
            }
            Map<String, Entry> m = mapping(entry.value, path, ENVIRONMENT_KEYS);
            if (m == null) {
                return null;
            }

            String account = m.containsKey("account") ? account(m.get("account"), path + ".account") : null;
            List<String> regions = regions(m, path);
            URI endpoint = m.containsKey("endpoint") ? endpoint(m.get("endpoint"), path + ".endpoint") : defaultEndpoint;

            // The (account, region) pairs, each with the node errors about it should point at.
            List<Pair> pairs = new ArrayList<>();
            Node pairNode = m.containsKey("region") ? m.get("region").value
                    : m.containsKey("regions") ? m.get("regions").value : entry.key;
            if (regions != null && account != null) {
                for (String r : regions) {
                    pairs.add(new Pair(account, r, pairNode, path));
                }
            }
            boolean hasTargets = m.containsKey("targets");
            if (hasTargets) {
                pairs.addAll(targets(m.get("targets"), path, account));
            }
            if (!m.containsKey("account") && !hasTargets) {
                problem(entry.key, path + ".account", "missing; the 12-digit account id, quoted,"
                        + " e.g. account: \"222222222222\" (or list targets: [{account, region}])");
                ok = false;
            }
            if (!m.containsKey("region") && !m.containsKey("regions") && !hasTargets) {
                problem(entry.key, path + ".region", "missing; give region: eu-west-1, or regions: [eu-west-1, us-east-1]");
                ok = false;
            }

            String after = null;
            if (m.containsKey("after")) {
                Entry a = m.get("after");
                after = string(a, path + ".after");
                if (after != null) {
                    if (after.equals(name)) {
                        problem(a.value, path + ".after", "an environment cannot come after itself; name the environment"
                                + " whose deployed artifact '" + name + "' promotes, or remove 'after'");
                        after = null;
                        ok = false;
                    } else if (!allNames.contains(after)) {
                        List<String> others = allNames.stream().filter(n -> !n.equals(name)).toList();
                        problem(a.value, path + ".after", "no environment named '" + after + "'; "
                                + (others.isEmpty() ? "it is the only environment, so remove 'after'"
                                        : didYouMean(after, others) + "valid: " + String.join(", ", others)));
                        after = null;
                        ok = false;
                    } else {
                        afters.put(name, new After(after, line(a.value)));
                    }
                }
            }

            boolean isProtected = false;
            if (m.containsKey("protected")) {
                Boolean b = bool(m.get("protected"), path + ".protected");
                isProtected = b != null && b;
            }
            Map<String, Integer> parameterLines = new LinkedHashMap<>();
            Map<String, String> fromEnv = new LinkedHashMap<>();
            Map<String, String> parameters = m.containsKey("parameters")
                    ? parameters(m.get("parameters"), path + ".parameters", parameterLines, fromEnv) : Map.of();
            List<String> trusted = m.containsKey("trustedPrincipals")
                    ? principals(m.get("trustedPrincipals"), path + ".trustedPrincipals") : List.of();
            if (m.containsKey("apiCallers")) {
                ok &= apiCallers(m.get("apiCallers"), path + ".apiCallers", parameters = new LinkedHashMap<>(parameters),
                        parameterLines);
            }

            // Names that may be given per environment; defaults are the names bootstrap creates.
            Named deployer = named(m, "deployerRole", path, "${app}-deployer", entry.key);
            Named execution = named(m, "executionRole", path, "${app}-cfn-exec", entry.key);
            Named bucket = named(m, "artifactBucket", path, "${app}-artifacts-${account}-${region}", entry.key);
            Named stack = named(m, "stackName", path, "${app}-${env}", entry.key);
            ok &= bucketCoversTargets(bucket, pairs);

            List<Target> targets = new ArrayList<>();
            Set<String> partitions = new LinkedHashSet<>();
            Map<String, String> partitionByAccount = new LinkedHashMap<>();
            for (Pair p : pairs) {
                String partition = Regions.partition(p.region).orElse("aws");
                partitions.add(partition);
                String previous = partitionByAccount.putIfAbsent(p.account, partition);
                if (previous != null && !previous.equals(partition)) {
                    problem(p.node, p.path, "account " + p.account + " cannot be in both the " + previous + " and the "
                            + partition + " partition; an account id belongs to one partition (use that partition's regions)");
                    ok = false;
                }
                if (!seenTargets.add(p.account + "/" + p.region)) {
                    problem(p.node, p.path, "account " + p.account + " region " + p.region + " is already a target"
                            + " (of this or another environment); each environment needs its own account/region"
                            + " so stacks and deploy records do not collide");
                    ok = false;
                }
                if (app == null) {
                    continue;
                }
                Map<String, String> vars = Map.of("app", app, "env", name, "account", p.account, "region", p.region);
                String deployerArn = roleArn(deployer.node, deployer.path, deployer.expand(vars), partition, p.account,
                        "this environment's account");
                String executionArn = roleArn(execution.node, execution.path, execution.expand(vars), partition, p.account,
                        "this environment's account");
                String bucketName = bucket(bucket, vars);
                String stackName = stackName(stack, vars, app);
                targets.add(new Target(name, p.account, p.region, stackName, deployerArn, executionArn, bucketName, endpoint));
            }
            if (!ok || targets.isEmpty() && pairs.isEmpty()) {
                return null;
            }
            return new Environment(name, targets, parameters, after, isProtected, trusted, parameterLines, fromEnv);
        }

        private List<String> regions(Map<String, Entry> m, String path) {
            if (m.containsKey("region") && m.containsKey("regions")) {
                problem(m.get("regions").key, path + ".regions", "give either 'region' or 'regions', not both;"
                        + " use regions: [a, b] alone for several regions");
                // Go on with 'regions' so the rest of the environment is still checked in this run.
            }
            if (m.containsKey("region") && !m.containsKey("regions")) {
                Node n = m.get("region").value;
                if (n instanceof SequenceNode) {
                    problem(n, path + ".region", "is a list; for several regions write regions: [eu-west-1, us-east-1]");
                    return null;
                }
                String r = region(n, path + ".region");
                return r == null ? null : List.of(r);
            }
            if (m.containsKey("regions")) {
                Node n = m.get("regions").value;
                if (!(n instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
                    problem(n, path + ".regions", "must be a non-empty list, e.g. regions: [eu-west-1, us-east-1]"
                            + " (or region: eu-west-1 for one)");
                    return null;
                }
                List<String> out = new ArrayList<>();
                boolean ok = true;
                for (int i = 0; i < seq.getValue().size(); i++) {
                    Node item = seq.getValue().get(i);
                    String r = region(item, path + ".regions[" + i + "]");
                    if (r == null) {
                        ok = false;
                    } else if (out.contains(r)) {
                        problem(item, path + ".regions[" + i + "]", "region " + r + " is listed twice; list each region once");
                        ok = false;
                    } else {
                        out.add(r);
                    }
                }
                return ok ? out : null;
            }
            return List.of();
        }

        private List<Pair> targets(Entry entry, String path, String envAccount) {
            String tpath = path + ".targets";
            if (!(entry.value instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
                problem(entry.value, tpath, "must be a non-empty list of {account, region},"
                        + " e.g. targets: [{ account: \"555555555555\", region: us-east-1 }]");
                return List.of();
            }
            List<Pair> out = new ArrayList<>();
            for (int i = 0; i < seq.getValue().size(); i++) {
                Node item = seq.getValue().get(i);
                String ipath = tpath + "[" + i + "]";
                Map<String, Entry> t = mapping(item, ipath, TARGET_KEYS);
                if (t == null) {
                    continue;
                }
                String account;
                if (t.containsKey("account")) {
                    account = account(t.get("account"), ipath + ".account");
                } else if (envAccount != null) {
                    account = envAccount;
                } else {
                    problem(item, ipath + ".account", "missing, and the environment has no account of its own;"
                            + " give the 12-digit id, quoted");
                    account = null;
                }
                String region = present(t, item, ipath, "region", "an AWS region, e.g. region: us-east-1")
                        ? region(t.get("region").value, ipath + ".region") : null;
                if (account != null && region != null) {
                    out.add(new Pair(account, region, item, ipath));
                }
            }
            return out;
        }

        /**
         * @param lines   receives the line of each parameter that is kept
         * @param fromEnv filled with the parameters given as {@code { env: NAME }}: parameter → variable
         */
        private Map<String, String> parameters(Entry entry, String path, Map<String, Integer> lines, Map<String, String> fromEnv) {
            Map<String, Entry> m = mapping(entry.value, path, null);
            if (m == null) {
                return Map.of();
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (Map.Entry<String, Entry> p : m.entrySet()) {
                String key = p.getKey();
                String ppath = path + "." + key;
                Node v = p.getValue().value;
                if (!PARAMETER_NAME.matcher(key).matches()) {
                    problem(p.getValue().key, ppath, "'" + key + "' is not a CloudFormation parameter name;"
                            + " parameter names are letters and digits only");
                    continue;
                }
                if (RESERVED_PARAMETERS.containsKey(key)) {
                    problem(p.getValue().key, ppath, "is set by the deploy, not here (" + RESERVED_PARAMETERS.get(key) + ")");
                    continue;
                }
                if (v instanceof MappingNode) {
                    secretReference(new Entry(p.getValue().key, v), ppath, key, out, fromEnv);
                    lines.put(key, line(p.getValue().key));
                    continue;
                }
                if (!(v instanceof ScalarNode s)) {
                    problem(v, ppath, "must be a single value (string, number or true/false), { env: VARIABLE } or"
                            + " { ssm: /parameter/name, version: N }; write a CommaDelimitedList as one string: \"a,b,c\"");
                    continue;
                }
                if (Tag.NULL.equals(s.getTag()) && s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN) {
                    problem(v, ppath, "has no value; give one, or remove the line to use the template's default"
                            + " (\"\" for an empty string)");
                    continue;
                }
                String hidden = invisible(s.getValue());
                if (hidden != null) {
                    problem(v, ppath, "contains " + hidden + ", an invisible character CloudFormation would receive"
                            + " as part of the value; delete it or retype the value");
                    continue;
                }
                // The text as written: CloudFormation receives every parameter as a string anyway,
                // and keeping the text avoids YAML turning 010 into 8 or 1e3 into 1000.0.
                out.put(key, s.getValue());
                lines.put(key, line(p.getValue().key));
            }
            return out;
        }

        /**
         * A secret kept out of git: {@code { env: VARIABLE }} (read from the deploying process's
         * environment when the deploy starts) or {@code { ssm: /name, version: N }} (passed as
         * CloudFormation's own {@code {{resolve:ssm:/name:N}}}, which the Parameters section accepts only
         * with a version; CloudFormation reads the value, the pipeline never sees it).
         */
        private void secretReference(Entry entry, String path, String key, Map<String, String> out, Map<String, String> fromEnv) {
            Map<String, Entry> ref = mapping(entry.value, path, Set.of("env", "ssm", "version"));
            if (ref == null) {
                return;
            }
            if (ref.containsKey("env") == ref.containsKey("ssm")) {
                problem(entry.value, path, "give exactly one of env: VARIABLE (the value comes from that environment variable at deploy"
                        + " time) or ssm: /parameter/name with version: N (CloudFormation resolves it)");
                return;
            }
            if (ref.containsKey("env")) {
                String variable = string(ref.get("env"), path + ".env");
                if (ref.containsKey("version")) {
                    problem(ref.get("version").key, path + ".version", "version goes with ssm:, not env:");
                } else if (variable != null && !ENV_VARIABLE.matcher(variable).matches()) {
                    problem(ref.get("env").value, path + ".env", "'" + variable + "' is not an environment variable name;"
                            + " use letters, digits and _, not starting with a digit (e.g. USER_API_DB_PASSWORD)");
                } else if (variable != null) {
                    fromEnv.put(key, variable);
                }
                return;
            }
            String name = string(ref.get("ssm"), path + ".ssm");
            if (name == null) {
                return;
            }
            if (!SSM_NAME.matcher(name).matches()) {
                problem(ref.get("ssm").value, path + ".ssm", "'" + name + "' is not an SSM parameter name (a-z, A-Z, 0-9, _.-/,"
                        + " a path starts with /), e.g. /user-api/prod/db-password");
                return;
            }
            if (!ref.containsKey("version")) {
                problem(ref.get("ssm").key, path, "an ssm: reference needs version: N; CloudFormation accepts"
                        + " {{resolve:ssm:...}} as a parameter value only with a version number");
                return;
            }
            String version = string(ref.get("version"), path + ".version");
            if (version != null && !version.matches("[1-9][0-9]{0,9}")) {
                problem(ref.get("version").value, path + ".version", "'" + version + "' is not a parameter version (1, 2, ...)");
                return;
            }
            if (version != null) {
                out.put(key, "{{resolve:ssm:" + name + ":" + version + "}}");
            }
        }

        private List<String> principals(Entry entry, String path) {
            if (!(entry.value instanceof SequenceNode seq)) {
                problem(entry.value, path, "must be a list of IAM ARNs, e.g. [\"arn:aws:iam::222222222222:role/Admin\"]");
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < seq.getValue().size(); i++) {
                Node item = seq.getValue().get(i);
                String ipath = path + "[" + i + "]";
                String v = scalarString(item, ipath);
                if (v == null) {
                    continue;
                }
                if (!PRINCIPAL_ARN.matcher(v).matches()) {
                    problem(item, ipath, "'" + v + "' is not an IAM principal ARN; use"
                            + " arn:aws:iam::ACCOUNT:role/NAME (a path is allowed: role/aws-reserved/sso.amazonaws.com/.../NAME),"
                            + " arn:aws:iam::ACCOUNT:user/NAME or arn:aws:iam::ACCOUNT:root"
                            + " (partition aws, aws-us-gov or aws-cn)");
                    continue;
                }
                out.add(v);
            }
            return out;
        }

        /**
         * {@code apiCallers: ["555555555555", "arn:aws:iam::666666666666:role/reporting"]}: who outside the
         * environment's account may call its API. Account ids go to the template parameter
         * {@value #CALLER_ACCOUNTS}, role and user ARNs to {@value #CALLER_PRINCIPALS}; the API's resource
         * policy admits exactly those, and their own IAM policies must still grant execute-api:Invoke.
         *
         * @return false when an entry is refused (each is reported at its line)
         */
        private boolean apiCallers(Entry entry, String path, Map<String, String> parameters, Map<String, Integer> lines) {
            if (!(entry.value instanceof SequenceNode seq)) {
                problem(entry.value, path, "must be a list of account ids and IAM role or user ARNs, e.g. "
                        + "[\"555555555555\", \"arn:aws:iam::666666666666:role/reporting\"]");
                return false;
            }
            boolean ok = true;
            List<String> accounts = new ArrayList<>();
            List<String> principals = new ArrayList<>();
            for (int i = 0; i < seq.getValue().size(); i++) {
                Node item = seq.getValue().get(i);
                String ipath = path + "[" + i + "]";
                String v = item instanceof ScalarNode sn && !sn.getValue().strip().startsWith("arn:")
                        ? account(new Entry(item, item), ipath) : scalarString(item, ipath);
                if (v == null) {
                    ok = false;
                } else if (ACCOUNT.matcher(v).matches()) {
                    accounts.add(v);
                } else if (PRINCIPAL_ARN.matcher(v).matches() && !v.endsWith(":root")) {
                    principals.add(v);
                } else {
                    problem(item, ipath, "'" + v + "' is neither an account id nor an IAM role or user ARN; give a whole account as"
                            + " its 12-digit id in quotes (\"555555555555\"), one caller as arn:aws:iam::ACCOUNT:role/NAME"
                            + " or arn:aws:iam::ACCOUNT:user/NAME");
                    ok = false;
                }
            }
            for (String name : List.of(CALLER_ACCOUNTS, CALLER_PRINCIPALS)) {
                if (parameters.containsKey(name)) {
                    problem(entry.key, path, "apiCallers fills the parameter " + name + ", which parameters also sets (line "
                            + lines.get(name) + "); keep one of them, preferably apiCallers");
                    ok = false;
                }
            }
            if (ok) {
                if (!accounts.isEmpty()) {
                    parameters.put(CALLER_ACCOUNTS, String.join(",", accounts));
                    lines.put(CALLER_ACCOUNTS, line(entry.key));
                }
                if (!principals.isEmpty()) {
                    parameters.put(CALLER_PRINCIPALS, String.join(",", principals));
                    lines.put(CALLER_PRINCIPALS, line(entry.key));
                }
            }
            return ok;
        }

        private URI endpoint(Entry entry, String path) {
            String v = string(entry, path);
            return v == null ? null : endpoint(entry.value, path, v);
        }

        private URI endpoint(Node node, String path, String v) {
            String valid = "an http(s) URL such as http://localhost:4566 (LocalStack) or https://cloudformation.example.com";
            URI uri;
            try {
                uri = new URI(v.strip());
            } catch (URISyntaxException e) {
                problem(node, path, "'" + v + "' is not a URL (" + e.getReason() + "); " + valid);
                return null;
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                problem(node, path, "'" + v + "' has no http or https scheme; " + valid);
                return null;
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                problem(node, path, "'" + v + "' has no host name; " + valid);
                return null;
            }
            if (uri.getUserInfo() != null) {
                // Credentials in a URL end up in logs and deploy records; the endpoint never needs them.
                problem(node, path, "must not contain a user name or password; credentials come from the"
                        + " SDK's credential chain, not the URL");
                return null;
            }
            if (uri.getQuery() != null || uri.getFragment() != null) {
                problem(node, path, "'" + v + "' has a query or fragment; " + valid);
                return null;
            }
            return uri;
        }

        private URI endpointFromProcess() {
            String v = processEnvironment.get("AWS_ENDPOINT_URL");
            if (v == null || v.isBlank()) {
                return null;
            }
            // No node: a problem with it is reported without a line, since it is not in the file.
            return endpoint(null, "AWS_ENDPOINT_URL (environment variable)", v);
        }

        // ---- names and ARNs ---------------------------------------------------------------------

        private record Named(String template, Node node, String path, boolean explicit) {
            String expand(Map<String, String> vars) {
                Matcher m = PLACEHOLDER.matcher(template);
                StringBuilder sb = new StringBuilder();
                while (m.find()) {
                    String v = vars.get(m.group(1));
                    m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? m.group() : v));
                }
                m.appendTail(sb);
                return sb.toString();
            }
        }

        /** A name that has a default; placeholders {@code ${app} ${env} ${account} ${region}} are checked here. */
        private Named named(Map<String, Entry> m, String key, String envPath, String defaultTemplate, Node envKey) {
            String path = envPath + "." + key;
            if (!m.containsKey(key)) {
                return new Named(defaultTemplate, envKey, path, false);
            }
            Entry e = m.get(key);
            String v = string(e, path);
            if (v == null) {
                return new Named(defaultTemplate, e.value, path, false);
            }
            Matcher pm = PLACEHOLDER.matcher(v);
            while (pm.find()) {
                if (!PLACEHOLDERS.contains(pm.group(1))) {
                    problem(e.value, path, "unknown placeholder ${" + pm.group(1) + "}; "
                            + didYouMean(pm.group(1), PLACEHOLDERS) + "valid: ${app}, ${env}, ${account}, ${region}");
                    return new Named(defaultTemplate, e.value, path, false);
                }
            }
            return new Named(v, e.value, path, true);
        }

        /**
         * A role name expanded to an ARN in {@code account}, or a full ARN, which must then be in
         * {@code account}: the deployer must not wander into another account, and CloudFormation only
         * passes an execution role of the stack's own account.
         */
        private String roleArn(Node node, String path, String value, String partition, String account, String accountName) {
            if (value.startsWith("arn:")) {
                Matcher m = ROLE_ARN.matcher(value);
                if (!m.matches()) {
                    problem(node, path, "'" + value + "' is not an IAM role ARN; use arn:" + partition
                            + ":iam::" + account + ":role/NAME (or just NAME): role names are 1-64 of letters, digits and + = , . @ _ -");
                    return null;
                }
                if (!m.group(1).equals(partition)) {
                    problem(node, path, "'" + value + "' is in partition " + m.group(1) + " but the region is in "
                            + partition + "; use arn:" + partition + ":iam::...");
                    return null;
                }
                if (!m.group(2).equals(account)) {
                    problem(node, path, "role ARN is in account " + m.group(2) + " but " + accountName + " is " + account
                            + "; the role must be in " + account + " (give a role name to have it expanded per account)");
                    return null;
                }
                return value;
            }
            if (value.contains("/")) {
                problem(node, path, "'" + value + "' is not a role name; a role with a path needs its full ARN"
                        + " (arn:" + partition + ":iam::" + account + ":role/PATH/NAME)");
                return null;
            }
            if (!ROLE_NAME.matcher(value).matches()) {
                problem(node, path, "'" + value + "' is not a valid IAM role name; use 1-64 of letters, digits and + = , . @ _ -");
                return null;
            }
            return "arn:" + partition + ":iam::" + account + ":role/" + value;
        }

        private String bucket(Named bucket, Map<String, String> vars) {
            String name = bucket.expand(vars);
            String problem = s3BucketProblem(name);
            if (problem != null) {
                problem(bucket.node, bucket.path, "'" + name + "' is not a valid S3 bucket name: " + problem
                        + (bucket.explicit ? "" : "; the default ${app}-artifacts-${account}-${region} is too long"
                        + " for this app name, set artifactBucket (3-63 characters) or shorten 'app'"));
                return null;
            }
            return name;
        }

        /**
         * Bucket names are global and a bucket lives in one region: an explicit name shared by targets
         * in several regions or accounts would ship artifacts across regions, or point at a bucket
         * another account owns. {@code ${region}} / {@code ${account}} in the name keep them apart.
         */
        private boolean bucketCoversTargets(Named bucket, List<Pair> pairs) {
            if (!bucket.explicit) {
                return true;
            }
            long regions = pairs.stream().map(Pair::region).distinct().count();
            long accounts = pairs.stream().map(Pair::account).distinct().count();
            if (regions > 1 && !bucket.template.contains("${region}") || accounts > 1 && !bucket.template.contains("${account}")) {
                problem(bucket.node, bucket.path, "'" + bucket.template + "' would be the same bucket for targets in "
                        + (regions > 1 ? regions + " regions" : accounts + " accounts") + ", but a bucket lives in one"
                        + " region of one account; put ${region} and ${account} in the name, e.g. "
                        + "${app}-artifacts-${account}-${region}");
                return false;
            }
            return true;
        }

        private String stackName(Named stack, Map<String, String> vars, String app) {
            String name = stack.expand(vars);
            if (name.length() > 128 || !STACK_NAME.matcher(name).matches()) {
                problem(stack.node, stack.path, "'" + name + "' is not a valid CloudFormation stack name; use a letter,"
                        + " then letters, digits and '-', at most 128 characters");
                return null;
            }
            // The deployer role's policy names arn:...:stack/${app}-*/* (cloudformation/bootstrap/target-account.yaml):
            // any other name, the bare app name included, is denied by AWS after the artifact was uploaded.
            if (!name.startsWith(app + "-")) {
                problem(stack.node, stack.path, "'" + name + "' is not a name the deployer role may use: it acts only"
                        + " on stacks named " + app + "-* (its policy's resource is stack/" + app + "-*/*); use e.g. "
                        + app + "-" + vars.get("env"));
                return null;
            }
            // The same policy denies the bootstrap stacks (pipeline bootstrap names them so): the deployer
            // must not change its own permissions.
            for (String reserved : List.of(app + "-bootstrap", app + "-ci-identity")) {
                if (name.equals(reserved)) {
                    problem(stack.node, stack.path, "'" + name + "' is the name of a bootstrap stack, which the deployer"
                            + " role is denied (it must not change its own permissions); use e.g. " + app + "-" + vars.get("env"));
                    return null;
                }
            }
            return name;
        }

        /** Why {@code name} is not a general purpose S3 bucket name, or null if it is one. */
        static String s3BucketProblem(String name) {
            if (name.length() < 3 || name.length() > 63) {
                return "it has " + name.length() + " characters, S3 allows 3 to 63";
            }
            if (!name.matches("[a-z0-9][a-z0-9.-]*[a-z0-9]")) {
                return "use lowercase letters, digits, '.' and '-', starting and ending with a letter or digit";
            }
            if (name.contains("..")) {
                return "two adjacent periods are not allowed";
            }
            if (name.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
                return "it must not look like an IP address";
            }
            for (String prefix : List.of("xn--", "sthree-", "amzn-s3-demo-")) {
                if (name.startsWith(prefix)) {
                    return "the prefix '" + prefix + "' is reserved";
                }
            }
            for (String suffix : List.of("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")) {
                if (name.endsWith(suffix)) {
                    return "the suffix '" + suffix + "' is reserved";
                }
            }
            return null;
        }

        // ---- after: cycles ----------------------------------------------------------------------

        /** An environment's {@code after}, kept apart from the environment so a cycle is found even when another field is wrong. */
        private record After(String name, int line) {
        }

        /**
         * Follows each chain of {@code after} once: every environment is entered at most once, so the
         * check is linear in the number of environments however long the chains. An environment met
         * again on the walk that entered it closes a cycle; one finished by an earlier walk does not.
         */
        private void checkCycles(Map<String, After> afters) {
            Map<String, Integer> position = new HashMap<>(); // on the current walk: its index in the walk
            Set<String> finished = new HashSet<>();
            for (String start : afters.keySet()) {
                if (finished.contains(start)) {
                    continue;
                }
                List<String> walk = new ArrayList<>();
                String current = start;
                while (current != null && !finished.contains(current) && !position.containsKey(current)) {
                    position.put(current, walk.size());
                    walk.add(current);
                    After next = afters.get(current);
                    current = next == null ? null : next.name();
                }
                if (current != null && position.containsKey(current)) {
                    // Named in promotion direction: each environment comes after the next one named.
                    List<String> cycle = new ArrayList<>(walk.subList(position.get(current), walk.size()));
                    cycle.add(current);
                    String first = cycle.get(0);
                    problems.add(new ConfigException(file, afters.get(first).line(), "environments." + first + ".after",
                            "the 'after' order has a cycle: " + String.join(" after ", cycle)
                                    + "; remove one 'after' so the promotion has a first environment"));
                }
                for (String name : walk) {
                    position.remove(name);
                    finished.add(name);
                }
            }
        }

        // ---- scalars ----------------------------------------------------------------------------

        private String account(Entry entry, String path) {
            Node n = entry.value;
            if (!(n instanceof ScalarNode s)) {
                problem(n, path, "must be a 12-digit account id, quoted, e.g. \"222222222222\"");
                return null;
            }
            String v = s.getValue().strip();
            String hidden = invisible(v);
            if (hidden != null) {
                problem(n, path, "contains " + hidden + ", an invisible character (often pasted along from a web page"
                        + " or a chat); delete it, or retype the account id as 12 digits in quotes");
                return null;
            }
            // Quoted, or tagged !!str: either way YAML reads a string and the digits stay as written.
            boolean quoted = s.getScalarStyle() != DumperOptions.ScalarStyle.PLAIN || explicitString(s);
            if (!quoted && !v.isEmpty() && DIGITS.matcher(v.replace("_", "")).matches()) {
                String number = v.startsWith("0") && v.length() > 1
                        ? " and drops the leading zero (" + v.replaceFirst("^0+", "") + ")" : "";
                problem(n, path, v + " is not quoted, so YAML reads it as a number" + number
                        + "; write the account id as a quoted string: \"" + v + "\"");
                return null;
            }
            if (!ACCOUNT.matcher(v).matches()) {
                String detail = DIGITS.matcher(v).matches() ? "'" + v + "' has " + v.length() + " digits"
                        : "'" + v + "' is not an account id";
                problem(n, path, detail + "; an AWS account id is exactly 12 digits, quoted, e.g. \"222222222222\"");
                return null;
            }
            return v;
        }

        /**
         * Whether a plain scalar carries an explicit {@code !!str} tag. SnakeYAML resolves some plain
         * digit strings (012345678901) to str by itself, so the tag alone does not tell; the text does:
         * a node's start mark is where its anchor or tag begins.
         */
        private boolean explicitString(ScalarNode s) {
            Mark mark = s.getStartMark();
            if (mark == null || !Tag.STR.equals(s.getTag())) {
                return false;
            }
            int codePoints = text.codePointCount(0, text.length());
            String rest = text.substring(text.offsetByCodePoints(0, Math.min(mark.getIndex(), codePoints)));
            rest = rest.replaceFirst("^&\\S+\\s+", "");
            return rest.startsWith("!!str") || rest.startsWith("!<tag:yaml.org,2002:str>");
        }

        private String region(Node n, String path) {
            String v = scalarString(n, path);
            if (v == null) {
                return null;
            }
            if (Regions.isKnown(v)) {
                return v;
            }
            String lower = v.toLowerCase(Locale.ROOT);
            if (Regions.isKnown(lower)) {
                problem(n, path, "'" + v + "' must be lowercase: " + lower);
                return null;
            }
            String prefix = lower.contains("-") ? lower.substring(0, lower.indexOf('-') + 1) : "";
            List<String> family = Regions.all().stream().filter(r -> !prefix.isEmpty() && r.startsWith(prefix)).toList();
            problem(n, path, "'" + v + "' is not an AWS region; " + didYouMean(lower, Regions.all())
                    + (family.isEmpty() ? "valid regions: " + String.join(", ", Regions.all())
                    : "regions starting with '" + prefix + "': " + String.join(", ", family)));
            return null;
        }

        private Boolean bool(Entry entry, String path) {
            Node n = entry.value;
            if (n instanceof ScalarNode s && s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN
                    && (s.getValue().equals("true") || s.getValue().equals("false"))) {
                return Boolean.parseBoolean(s.getValue());
            }
            String shown = n instanceof ScalarNode s ? "'" + s.getValue() + "'" : "a " + kind(n);
            problem(n, path, shown + " is not a boolean; write true or false (unquoted)");
            return null;
        }

        private String string(Entry entry, String path) {
            return scalarString(entry.value, path);
        }

        private String scalarString(Node n, String path) {
            if (!(n instanceof ScalarNode s)) {
                problem(n, path, "must be a single value, not a " + kind(n));
                return null;
            }
            if (Tag.NULL.equals(s.getTag()) && s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN) {
                problem(n, path, "has no value; give one or remove the key");
                return null;
            }
            if (s.getValue().isBlank()) {
                problem(n, path, "is empty; give a value or remove the key");
                return null;
            }
            String hidden = invisible(s.getValue());
            if (hidden != null) {
                problem(n, path, "contains " + hidden + ", an invisible character (often pasted along from a web page"
                        + " or a chat); delete it or retype the value");
                return null;
            }
            return s.getValue();
        }

        /** Whether the required {@code key} is there; a "missing" problem on the parent's line if not. */
        private boolean present(Map<String, Entry> m, Node parent, String parentPath, String key, String what) {
            if (m.containsKey(key)) {
                return true;
            }
            problem(parent, (parentPath.isEmpty() ? "" : parentPath + ".") + key, "missing; " + what);
            return false;
        }

        // ---- mappings ---------------------------------------------------------------------------

        /** A key's node and its value's node. */
        private record Entry(Node key, Node value) {
        }

        private record Pair(String account, String region, Node node, String path) {
        }

        /**
         * The entries of a mapping, checking that keys are plain strings, unique and (when
         * {@code allowed} is given) known; an unknown key gets a did-you-mean. Null if not a mapping.
         */
        private Map<String, Entry> mapping(Node node, String path, Set<String> allowed) {
            if (!(node instanceof MappingNode mapping)) {
                problem(node, path.isEmpty() ? "(file)" : path, "must be a mapping of keys"
                        + (allowed == null ? "" : " (" + String.join(", ", allowed) + ")") + ", not a " + kind(node));
                return null;
            }
            Map<String, Entry> out = new LinkedHashMap<>();
            for (NodeTuple t : mapping.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode k)) {
                    problem(t.getKeyNode(), path, "a key must be a plain string");
                    continue;
                }
                String key = k.getValue();
                String kpath = path.isEmpty() ? key : path + "." + key;
                String hidden = invisible(key);
                if (hidden != null) {
                    problem(k, kpath, "the key contains " + hidden + ", an invisible character; delete it or retype"
                            + " the key");
                    continue;
                }
                if (out.containsKey(key)) {
                    problem(k, kpath, "duplicate key; YAML would keep only the last one, remove one of them (the first is on line "
                            + line(out.get(key).key) + ")");
                    continue;
                }
                if (allowed != null && !allowed.contains(key)) {
                    problem(k, kpath, "unknown key '" + key + "'; " + didYouMean(key, allowed)
                            + "valid keys" + (path.isEmpty() ? "" : " under " + path) + ": " + String.join(", ", allowed));
                    continue;
                }
                out.put(key, new Entry(k, t.getValueNode()));
            }
            return out;
        }

        private static String kind(Node n) {
            return switch (n) {
                case null -> "nothing";
                case MappingNode m -> "mapping";
                case SequenceNode s -> "list";
                case ScalarNode s -> Tag.NULL.equals(s.getTag()) ? "empty value" : "single value";
                default -> "YAML node";
            };
        }

        private static String didYouMean(String value, Collection<String> candidates) {
            return Suggestions.closest(value, candidates).map(s -> "did you mean '" + s + "'? ").orElse("");
        }

        private void problem(Node node, String field, String message) {
            problems.add(new ConfigException(file, line(node), field, message));
        }

        private static int line(Node node) {
            return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
        }
    }
}
