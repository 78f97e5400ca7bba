package org.attentionlab.runners.config;

/**
 * KV-cache decoding in a causal language model's cells: {@code decode: { tokens: T }}. After the document's
 * first n tokens are prefilled, its next T tokens are fed one at a time (teacher-forced: every variant sees the
 * same tokens), each step attending over the cache the variant keeps.
 *
 * @param tokens T, the tokens decoded per document (>= 1); the documents then need n + T tokens at every n
 */
public record DecodeSpec(Integer tokens) {
}
