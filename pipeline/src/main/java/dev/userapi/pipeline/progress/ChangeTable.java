package dev.userapi.pipeline.progress;

import dev.userapi.pipeline.changeset.Change;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The change set as a table a reviewer reads: action, logical id, type, replacement, what changes. */
public final class ChangeTable {
    private static final String[] HEADER = {"Action", "Logical ID", "Type", "Replacement", "Details"};

    private ChangeTable() {
    }

    /** Plain text, aligned; stateful rows are marked so a replacement of the table stands out. */
    public static String text(List<Change> changes, Set<String> statefulIds, Printer p) {
        if (changes.isEmpty()) {
            return "(no changes)";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (Change c : changes) {
            rows.add(new String[] {c.action(), c.logicalId() + (statefulIds.contains(c.logicalId()) ? " *" : ""),
                c.type(), replacement(c), details(c)});
        }
        int[] width = new int[HEADER.length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder s = new StringBuilder();
        for (int n = 0; n < rows.size(); n++) {
            String[] r = rows.get(n);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                String cell = i == r.length - 1 ? r[i] : pad(r[i], width[i]);
                line.append(i == 0 ? "" : "  ").append(cell);
            }
            String l = line.toString().stripTrailing();
            if (n == 0) {
                l = p.bold(l);
            } else {
                Change c = changes.get(n - 1);
                if (c.isDestructive()) {
                    l = p.red(l);
                } else if ("Add".equals(c.action())) {
                    l = p.green(l);
                }
            }
            s.append(l).append('\n');
        }
        if (changes.stream().anyMatch(c -> statefulIds.contains(c.logicalId()))) {
            s.append("* holds state (replacing or removing it is refused unless --allow-replace names it)\n");
        }
        return s.toString().stripTrailing();
    }

    /** GitHub-flavoured Markdown, for step summaries. */
    public static String markdown(List<Change> changes) {
        if (changes.isEmpty()) {
            return "_no changes_\n";
        }
        StringBuilder s = new StringBuilder("| Action | Logical ID | Type | Replacement | Details |\n|---|---|---|---|---|\n");
        for (Change c : changes) {
            s.append("| ").append(c.action()).append(" | `").append(c.logicalId()).append("` | ").append(c.type())
                    .append(" | ").append(replacement(c)).append(" | ")
                    .append(details(c).replace("|", "\\|")).append(" |\n");
        }
        return s.toString();
    }

    /** "-" where replacement does not apply (Add, Remove); "unknown" where the endpoint did not say. */
    private static String replacement(Change c) {
        if (c.replacementUnknown()) {
            return "unknown";
        }
        return c.replacement().isEmpty() ? "-" : c.replacement();
    }

    private static String details(Change c) {
        if (!c.details().isEmpty()) {
            return String.join("; ", c.details());
        }
        return String.join(", ", c.scope());
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }
}
