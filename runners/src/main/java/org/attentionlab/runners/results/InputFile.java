package org.attentionlab.runners.results;

/**
 * One input file of a run and its SHA-256 at the start: a resume refuses to mix cells measured on
 * different files behind the same path.
 *
 * @param role   what it is ({@code model file}, {@code tokenizer file}, {@code corpus})
 * @param path   its path, or the built-in name
 * @param sha256 SHA-256 of its bytes, lower-case hex
 */
public record InputFile(String role, String path, String sha256) {

    public static final String MODEL = "model file";
    public static final String TOKENIZER = "tokenizer file";
    public static final String CORPUS = "corpus";
}
