package org.attentionlab.core.text;

import java.util.List;

/**
 * Documents assembled from a corpus (see {@link Corpus#sample}) and how much of the corpus they used.
 *
 * @param documents     the documents, each exactly n token ids, [CLS] ... [SEP]
 * @param distinctLines how many different corpus lines their text came from
 * @param linesUsed     how many lines they read in all, counting a line each time it was read: more than
 *                      {@code distinctLines} means the corpus wrapped around and documents repeat text
 */
public record CorpusSample(List<int[]> documents, int distinctLines, int linesUsed) {

    /** True when some text appears twice (in two documents, or twice in one): the corpus is too small. */
    public boolean repeatsText() {
        return linesUsed > distinctLines;
    }
}
