package org.attentionlab.runners.config;

/**
 * Where the documents come from.
 *
 * @param source    built-in corpus name ({@code europarl-en})
 * @param file      a UTF-8 text file, one document per line
 * @param documents    documents per context size
 * @param allowRepeats let documents repeat text when the corpus is too small for them all to be different
 *                     (otherwise refused: means over identical documents are not means over documents)
 * @param tokens       a causal language model's documents as token ids: a file with one document per line,
 *                     space-separated ids, run as written (no BOS added); the tokenizer may then be omitted
 */
public record CorpusSpec(String source, String file, Integer documents, Boolean allowRepeats, String tokens) {

    public CorpusSpec(String source, String file, Integer documents) {
        this(source, file, documents, null, null);
    }

    public CorpusSpec(String source, String file, Integer documents, Boolean allowRepeats) {
        this(source, file, documents, allowRepeats, null);
    }

    public static final String EUROPARL = "europarl-en";
    public static final int DEFAULT_DOCUMENTS = 8;

    public static CorpusSpec defaults() {
        return new CorpusSpec(EUROPARL, null, DEFAULT_DOCUMENTS, false);
    }

    /** True when documents may repeat text. */
    public boolean repeatsAllowed() {
        return Boolean.TRUE.equals(allowRepeats);
    }

    /** The same corpus read from another path (where another machine has the file); every other setting kept. */
    public CorpusSpec withFile(String otherFile) {
        return new CorpusSpec(source, otherFile, documents, allowRepeats, tokens);
    }

    /** The same token ids read from another path; every other setting kept. */
    public CorpusSpec withTokens(String otherTokens) {
        return new CorpusSpec(source, file, documents, allowRepeats, otherTokens);
    }

    public String displayName() {
        return tokens != null ? tokens : file != null ? file : source;
    }
}
