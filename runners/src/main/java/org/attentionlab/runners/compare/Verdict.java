package org.attentionlab.runners.compare;

/** What a checked metric means. */
public enum Verdict {
    UNCHANGED("unchanged", false),
    WITHIN_TOLERANCE("within tolerance", false),
    IMPROVED("improved", false),
    REGRESSION("REGRESSION", true),
    MISSING("REGRESSION: missing in current", true),
    NEW("new in current", false),
    NOW_FAILED("REGRESSION: cell failed", true),
    NOW_OK("fixed: cell ran", false),
    UNTRUSTWORTHY("REGRESSION: correctness gate failed", true);

    private final String text;
    private final boolean regression;

    Verdict(String text, boolean regression) {
        this.text = text;
        this.regression = regression;
    }

    public String text() {
        return text;
    }

    public boolean regression() {
        return regression;
    }
}
