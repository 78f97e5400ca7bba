package org.attentionlab.plugins.blocksparse;

import java.util.List;
import org.attentionlab.core.mask.BigBird;
import org.attentionlab.core.sparse.BlockSparseAttention;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.CausalSupport;
import org.attentionlab.core.attention.Exactness;
import org.attentionlab.core.plugin.ParamSpec;
import org.attentionlab.core.plugin.TypedAttentionFactory;

/** Builds BigBird-style block-sparse attention. */
public final class BlockSparseFactory extends TypedAttentionFactory<BlockSparseParams> {

    public static final String NAME = "block-sparse";

    public BlockSparseFactory() {
        super(NAME, "BigBird-style block-sparse attention: window, global and seeded random blocks of keys "
                + "(the mask bigbird(blockSize, windowBlocks, globalBlocks, randomBlocks, seed) on the block-sparse engine)",
                Exactness.TRAINING_FREE, CausalSupport.ENCODER_AND_DECODER, BlockSparseParams.class, List.of(
                        ParamSpec.integer("blockSize", 64, 1, Integer.MAX_VALUE, "tokens per block"),
                        ParamSpec.integer("windowBlocks", 3, 1, Integer.MAX_VALUE,
                                "odd number of blocks centred on the query's block"),
                        ParamSpec.integer("globalBlocks", 1, 0, Integer.MAX_VALUE,
                                "the first g blocks attend to all blocks and are attended by all"),
                        ParamSpec.integer("randomBlocks", 2, 0, Integer.MAX_VALUE,
                                "random blocks per query block, among those not already covered"),
                        ParamSpec.integer("seed", 0, 0, Integer.MAX_VALUE, "seed of the random blocks")));
    }

    @Override
    protected Attention create(BlockSparseParams params) {
        BigBird mask = new BigBird(params.blockSize(), params.windowBlocks(), params.globalBlocks(),
                params.randomBlocks(), params.seed());
        return new BlockSparseAttention(mask, null, engineBlock(params.blockSize()));
    }

    /**
     * The engine's tile side: the pattern's own block when the kernels run it well (then every tile is full
     * or empty), otherwise 64 (tiles then hold several pattern blocks, or part of one, and partial ones are
     * masked per element).
     */
    static int engineBlock(int blockSize) {
        return blockSize >= 16 && blockSize <= 256 ? blockSize : 64;
    }
}
