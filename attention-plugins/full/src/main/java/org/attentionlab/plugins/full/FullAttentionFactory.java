package org.attentionlab.plugins.full;

import java.util.List;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.CausalSupport;
import org.attentionlab.core.attention.Exactness;
import org.attentionlab.core.plugin.ParamSpec;
import org.attentionlab.core.plugin.TypedAttentionFactory;
import org.attentionlab.core.mask.Masks;
import org.attentionlab.core.sparse.BlockSparseAttention;

/**
 * Builds exact softmax attention, tiled (the default: the block engine's register-fused kernel, online softmax,
 * no n x n matrix; measured faster than materialized from n = 512 on, BENCHMARKS.md, issue 22) or
 * materialized (the textbook algorithm, kept as the reference).
 */
public final class FullAttentionFactory extends TypedAttentionFactory<FullAttentionParams> {

    public static final String NAME = "full";
    static final String MATERIALIZED = "materialized";
    static final String TILED = "tiled";

    public FullAttentionFactory() {
        super(NAME, "exact softmax attention over all keys (the reference)", Exactness.EXACT, CausalSupport.ENCODER_AND_DECODER,
                FullAttentionParams.class, List.of(
                        ParamSpec.choice("algorithm", TILED, List.of(MATERIALIZED, TILED),
                                "tiled (the default, measured faster): the block engine's register-fused kernel, online "
                                        + "softmax over key tiles in registers (scratch linear in n); materialized: the "
                                        + "textbook n x n score matrix per head, the reference algorithm (scratch grows as n^2)"),
                        ParamSpec.integer("blockSize", 64, 1, 4096,
                                "tiled only: queries and keys per tile of the block-sparse engine").onlyWhen("algorithm", TILED)));
    }

    @Override
    protected Attention create(FullAttentionParams params) {
        // tiled: the block-sparse engine with every tile full (online softmax over key spans, scratch linear in n)
        return params.algorithm().equals(TILED)
                ? new BlockSparseAttention(Masks.all(), null, params.blockSize())
                : new MaterializedFullAttention();
    }
}
