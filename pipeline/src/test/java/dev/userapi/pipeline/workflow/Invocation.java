package dev.userapi.pipeline.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One command line of a {@code run:} script that calls the pipeline CLI, split into words the way a
 * reader sees them (enough for flags and paths; no variable expansion). Continuation lines are
 * joined and the words stop at the first pipe, redirection or command separator.
 */
record Invocation(Workflow.Step step, String program, List<String> words) {
    private static final Pattern JAR = Pattern.compile("\\S*pipeline\\.jar");
    /** The launcher, from the repository root ({@code pipeline/} there is the Maven module, a directory). */
    private static final Set<String> LAUNCHERS = Set.of("bin/pipeline", "./bin/pipeline");
    private static final Set<String> OPERATORS = Set.of("|", "||", "&&", ";", ">", ">>", "2>", "2>&1", "<", "&");

    static List<Invocation> find(Workflow.Step step) {
        List<Invocation> found = new ArrayList<>();
        for (String line : step.run().replace("\\\n", " ").split("\n")) {
            List<String> words = split(line);
            int at = 0;
            while (at < words.size() && !isPipeline(words, at)) {
                at++;
            }
            if (at == words.size()) {
                continue;
            }
            String program = words.get(at);
            List<String> args = new ArrayList<>();
            for (String w : words.subList(at + 1, words.size())) {
                if (OPERATORS.contains(w) || w.startsWith(">") || w.startsWith("#")) {
                    break;
                }
                args.add(w);
            }
            found.add(new Invocation(step, program, args));
        }
        return found;
    }

    /** The CLI as its launcher {@code bin/pipeline}, or its jar run by {@code java -jar} (a jar merely copied or hashed is no call). */
    private static boolean isPipeline(List<String> words, int i) {
        String w = words.get(i);
        return LAUNCHERS.contains(w) || (i > 0 && words.get(i - 1).equals("-jar") && JAR.matcher(w).matches());
    }

    /** All calls of the CLI in a job, in step order. */
    static List<Invocation> inJob(Workflow.Job job) {
        return job.steps().stream().flatMap(s -> find(s).stream()).toList();
    }

    String subcommand() {
        return words.isEmpty() ? "" : words.get(0);
    }

    boolean has(String flag) {
        return words.contains(flag);
    }

    /** The value after {@code flag} ({@code --env dev}) or in {@code --env=dev}. */
    Optional<String> option(String flag) {
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.equals(flag) && i + 1 < words.size()) {
                return Optional.of(words.get(i + 1));
            }
            if (w.startsWith(flag + "=")) {
                return Optional.of(w.substring(flag.length() + 1));
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return program + (words.isEmpty() ? "" : " " + String.join(" ", words));
    }

    private static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
