package org.attentionlab.plugins.masked;

/**
 * The validated {@code params:} of {@code masked}.
 *
 * @param mask      a mask expression (see {@link org.attentionlab.core.mask.MaskGrammar})
 * @param score     score modifiers, comma-separated; empty for none
 * @param blockSize the engine's tile side in tokens
 */
public record MaskedParams(String mask, String score, int blockSize) {
}
