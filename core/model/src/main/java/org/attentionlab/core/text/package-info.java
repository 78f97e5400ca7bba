/**
 * Text the experiments run on: the built-in English Europarl corpus (or the user's lines), the filter that
 * keeps English lines, and the HuggingFace tokenizer that turns them into documents of exactly n token ids.
 * Deterministic: the same corpus, tokenizer, n and count always give the same ids. For the runners and the
 * benchmarks; not part of the plugin API.
 */
package org.attentionlab.core.text;
