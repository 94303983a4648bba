package dev.userapi.pipeline.template;

import java.nio.file.Path;

/** A template that cannot be read at all: the message names the file and line, like a compiler. */
public final class TemplateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;

    public TemplateException(Path file, int line, String message) {
        super(message);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    /** 1-based line, or 0 when the problem is the whole file. */
    public int line() {
        return line;
    }

    /** {@code file:line: message}, the form editors and CI annotate. */
    public String describe() {
        return file + (line > 0 ? ":" + line : "") + ": " + getMessage();
    }
}
