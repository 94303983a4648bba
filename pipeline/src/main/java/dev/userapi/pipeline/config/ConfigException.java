package dev.userapi.pipeline.config;

import java.nio.file.Path;
import java.util.List;

/**
 * accounts.yaml is wrong. The message names the file, line, field and what would be valid, in the
 * {@code file:line: field: problem; fix} form editors and CI annotate. When several things are wrong
 * at once, {@link #problems()} holds every one of them (this exception is the first) so a user fixes
 * the file in one pass instead of one error per run.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final String field;
    private final transient List<ConfigException> problems;

    public ConfigException(Path file, int line, String field, String message) {
        super(message);
        this.file = file;
        this.line = line;
        this.field = field;
        this.problems = List.of(this);
    }

    private ConfigException(List<ConfigException> problems) {
        super(problems.get(0).getMessage());
        ConfigException first = problems.get(0);
        this.file = first.file;
        this.line = first.line;
        this.field = first.field;
        this.problems = List.copyOf(problems);
    }

    /** One exception carrying several problems; the first one gives file, line and field. */
    public static ConfigException of(List<ConfigException> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("no problems to report");
        }
        return problems.size() == 1 ? problems.get(0) : new ConfigException(problems);
    }

    public Path file() {
        return file;
    }

    /** 1-based line, or 0 when the problem is the whole file. */
    public int line() {
        return line;
    }

    /** The dotted path of the field, e.g. {@code environments.prod.account}; empty for the whole file. */
    public String field() {
        return field;
    }

    /** Every problem found, in file order; a single-element list of this exception when there is one. */
    public List<ConfigException> problems() {
        return problems;
    }

    /** {@code accounts.yaml:12: environments.dev.account: ...}; one line per problem when there are several. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        for (ConfigException p : problems) {
            if (!out.isEmpty()) {
                out.append(System.lineSeparator());
            }
            out.append(p.single());
        }
        return out.toString();
    }

    private String single() {
        return String.valueOf(file) + (line > 0 ? ":" + line : "") + ": "
                + (field == null || field.isEmpty() ? "" : field + ": ") + getMessage();
    }

    @Override
    public String toString() {
        return describe();
    }
}
