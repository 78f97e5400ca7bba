/**
 * Attention masks and score modifiers as values: which (query, key) pairs a variant computes
 * ({@link org.attentionlab.core.mask.Mask}) and how a logit is changed before the softmax
 * ({@link org.attentionlab.core.mask.ScoreModifier}), the primitives FlexAttention and attention-gym offer
 * (window, causal, sinks, global tokens, dilated window, BigBird blocks, prefix-LM; ALiBi, soft-capping,
 * temperature), their combinators, and the expression grammar ({@link org.attentionlab.core.mask.MaskGrammar})
 * that the {@code masked} plugin reads from YAML. A mask is the one source of truth for a sparse variant:
 * the block-sparse engine in {@code org.attentionlab.core.sparse} computes its tiles, the cost model counts
 * them and diagnostics ask {@link org.attentionlab.core.attention.AttentionPattern#covers} of the same object.
 * All types here are immutable and thread-safe.
 */
package org.attentionlab.core.mask;
