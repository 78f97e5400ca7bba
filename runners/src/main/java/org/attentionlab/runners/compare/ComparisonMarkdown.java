package org.attentionlab.runners.compare;

/**
 * {@code compare --markdown FILE}: a summary for a pull-request comment: the verdict first, the rule and
 * seed, any warning, then one row per moved metric (delta, interval or p-value, verdict).
 */
public final class ComparisonMarkdown {

    private ComparisonMarkdown() {
    }

    public static String render(RunComparison c, String baseline, String current) {
        StringBuilder md = new StringBuilder();
        long regressions = c.regressions();
        md.append("## attnlab compare: ").append(regressions == 0 ? "no regression" : regressions + " regression" + (regressions == 1 ? "" : "s"))
                .append("\n\n");
        md.append("Baseline `").append(baseline).append("`, current `").append(current).append("`: ")
                .append(c.matchedCells()).append(" cells matched, ").append(c.movements().size()).append(" metrics moved.\n\n");
        md.append("Rule: ").append(c.settings().describe()).append(".\n\n");
        for (String w : c.warnings()) {
            md.append("> **Warning:** ").append(escape(w)).append("\n\n");
        }
        if (c.movements().isEmpty()) {
            md.append("Nothing moved.\n");
            return md.toString();
        }
        md.append("| cell | metric | baseline | current | delta | evidence | verdict |\n");
        md.append("|---|---|---:|---:|---:|---|---|\n");
        // Regressions first: the reader of a PR comment looks for them.
        c.movements().stream().sorted((a, b) -> Boolean.compare(b.verdict().regression(), a.verdict().regression())).forEach(m ->
                md.append("| ").append(escape(m.cell())).append(" | ").append(m.metric()).append(" | ").append(escape(m.baseline()))
                        .append(" | ").append(escape(m.current())).append(" | ").append(m.delta()).append(" | ").append(escape(m.evidence()))
                        .append(" | ").append(m.verdict().regression() ? "**" + m.verdict().text() + "**" : m.verdict().text()).append(" |\n"));
        return md.toString();
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}
