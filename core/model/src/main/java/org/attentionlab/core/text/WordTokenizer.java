package org.attentionlab.core.text;

/**
 * What {@link Corpus} needs of a tokenizer to assemble documents: word-piece ids of a text and the two
 * special tokens that frame a sequence. {@link TextTokenizer} is the real one; tests may record calls.
 */
public interface WordTokenizer {

    /** Token ids of a text, without special tokens, without truncation. */
    int[] encodeWords(String text);

    /** The id that opens a sequence ([CLS]). */
    int clsId();

    /** The id that closes a sequence ([SEP]). */
    int sepId();
}
