package org.attentionlab.runners.config;

/**
 * Where the documents come from.
 *
 * @param source    built-in corpus name ({@code europarl-en})
 * @param file      a UTF-8 text file, one document per line
 * @param documents documents per context size
 */
public record CorpusSpec(String source, String file, Integer documents) {

    public static final String EUROPARL = "europarl-en";
    public static final int DEFAULT_DOCUMENTS = 8;

    public static CorpusSpec defaults() {
        return new CorpusSpec(EUROPARL, null, DEFAULT_DOCUMENTS);
    }

    public String displayName() {
        return file != null ? file : source;
    }
}
