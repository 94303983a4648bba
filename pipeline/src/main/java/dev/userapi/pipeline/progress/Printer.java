package dev.userapi.pipeline.progress;

import java.io.PrintWriter;
import java.util.Map;

/**
 * Line-oriented progress output. Safe to share between the threads of a parallel deploy: each line
 * is written whole, prefixed with its target's label, so interleaved targets stay readable.
 * Colour only when the output is a terminal and {@code NO_COLOR} is unset (https://no-color.org).
 */
public final class Printer {
    private static final String RESET = "\u001b[0m";

    private final PrintWriter out;
    private final boolean colour;
    private final String prefix;
    private final Object lock;

    public Printer(PrintWriter out, boolean colour) {
        this(out, colour, "", new Object());
    }

    private Printer(PrintWriter out, boolean colour, String prefix, Object lock) {
        this.out = out;
        this.colour = colour;
        this.prefix = prefix;
        this.lock = lock;
    }

    /** Whether to colour: a real terminal, NO_COLOR unset, TERM not "dumb". */
    public static boolean colourWanted(Map<String, String> env, boolean terminal) {
        String noColor = env.get("NO_COLOR");
        return terminal && (noColor == null || noColor.isEmpty()) && !"dumb".equals(env.get("TERM"));
    }

    /** The same output with every line prefixed by {@code [label] }. */
    public Printer labelled(String label) {
        return new Printer(out, colour, "[" + label + "] ", lock);
    }

    public void line(String text) {
        synchronized (lock) {
            for (String l : text.split("\n", -1)) {
                out.println(prefix + l);
            }
            out.flush();
        }
    }

    public void info(String text) {
        line(text);
    }

    public void warn(String text) {
        line(yellow("warning: ") + text);
    }

    public void error(String text) {
        line(red("error: ") + text);
    }

    public String red(String s) {
        return paint("31", s);
    }

    public String green(String s) {
        return paint("32", s);
    }

    public String yellow(String s) {
        return paint("33", s);
    }

    public String bold(String s) {
        return paint("1", s);
    }

    private String paint(String code, String s) {
        return colour ? "\u001b[" + code + "m" + s + RESET : s;
    }
}
