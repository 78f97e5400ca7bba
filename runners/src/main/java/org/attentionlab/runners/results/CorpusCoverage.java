package org.attentionlab.runners.results;

/**
 * Which corpus lines the documents of a model run read, at its largest context size (where they read
 * the most): distinct lines, lines read in all (a line counted each time it is read) and the corpus's
 * size, as {@code Corpus.sample} counts them. When the documents wrap around the corpus
 * ({@link #repeats}), some text is measured more than once.
 */
public record CorpusCoverage(int contextSize, int documents, int distinctLines, int linesUsed, int corpusLines) {

    /** The same test as {@code CorpusSample.repeatsText}. */
    public boolean repeats() {
        return linesUsed > distinctLines;
    }

    /** One sentence for the reports. */
    public String sentence() {
        String used = "The " + documents + " documents of " + contextSize + " tokens used " + distinctLines + " distinct corpus lines of "
                + corpusLines + ".";
        return repeats() ? used + " They wrap around the corpus, so text repeats (" + linesUsed + " lines read): use a larger corpus or fewer documents for independent samples."
                : used;
    }
}
