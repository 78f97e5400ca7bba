package org.attentionlab.plugins.masked;

import java.util.List;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.CausalSupport;
import org.attentionlab.core.attention.Exactness;
import org.attentionlab.core.mask.Mask;
import org.attentionlab.core.mask.MaskGrammar;
import org.attentionlab.core.mask.ScoreModifier;
import org.attentionlab.core.plugin.ParamSpec;
import org.attentionlab.core.plugin.TypedAttentionFactory;
import org.attentionlab.core.sparse.BlockSparseAttention;

/**
 * Builds softmax attention over a mask written in the experiment file, with optional score modifiers:
 * FlexAttention's {@code mask_mod} and {@code score_mod} on core's block-sparse engine. A new sparse
 * pattern is a line of YAML, not a module.
 */
public final class MaskedFactory extends TypedAttentionFactory<MaskedParams> {

    public static final String NAME = "masked";
    public MaskedFactory() {
        super(NAME, "softmax attention over the pairs a mask expression covers, with optional score modifiers, "
                        + "on the block-sparse engine (cost in proportion to the tiles the mask touches); "
                        + "grammar below the table",
                Exactness.TRAINING_FREE, CausalSupport.ENCODER_AND_DECODER, MaskedParams.class, List.of(
                        ParamSpec.text("mask", "all", "which (query, key) pairs are computed, e.g. "
                                + "\"window(128) | sinks(4)\"; primitives all, causal, window(w), sinks(k), global(k), "
                                + "prefix(k), dilated(w, d), bigbird(block, windowBlocks, globalBlocks, randomBlocks, seed); "
                                + "combined with | & ! and parentheses"),
                        ParamSpec.text("score", "", "score modifiers applied left to right to the logits, "
                                + "comma-separated: alibi, softcap(c), temperature(t); empty for none"),
                        ParamSpec.integer("blockSize", 64, 8, 1024, "the engine's tile side in tokens")));
    }

    @Override
    protected Attention create(MaskedParams params) {
        Mask mask = MaskGrammar.parseMask("mask", params.mask());
        ScoreModifier score = MaskGrammar.parseScore("score", params.score());
        // Whether a mask hides every key depends on n (!window(100) is empty below n = 101): validation checks it at
        // the experiment's own context sizes and names the size (runners' PatternChecks), never at a length of its own.
        return new BlockSparseAttention(mask, score, params.blockSize());
    }
}
